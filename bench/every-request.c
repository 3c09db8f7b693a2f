// One client on one keep-alive connection that times every request (bench/gateway-overhead.sh, at concurrency 1).
// It POSTs the file BODY to PATH on HOST:PORT (IPv4) for SECONDS, one request after another, and prints
// "requests p50_ms p99_ms p99.9_ms" over all of them. A blocking socket, one write and reads until the answer's
// Content-Length is in: nothing between the two clock readings but the request's round trip. wrk's event loop adds
// a tail of its own at concurrency 1, on every target alike (docs/benchmarks.md, Gateway overhead, tenth sitting).
// A connection the server closes between requests (nginx's keepalive_requests, every 1,000) is opened again and the
// request sent again, timed from its first send: the new connection is part of its latency (wrk starts its clock
// again; tens of microseconds on one request in 1,000, too few and too small to move a percentile printed).
// An answer other than a 200 with a Content-Length, or one over 64 KiB, stops it.
// Build: gcc -O2 -o every-request bench/every-request.c
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_REQUESTS 4000000

static long micros(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000000L + t.tv_nsec / 1000;
}

static struct sockaddr_in address = {.sin_family = AF_INET};

static int open_connection(void) {
  int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
  setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (connect(s, (struct sockaddr *) &address, sizeof address) != 0) {
    perror("connect");
    exit(1);
  }
  return s;
}

static int by_value(const void *a, const void *b) {
  long x = *(const long *) a, y = *(const long *) b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: every-request HOST:PORT PATH SECONDS BODY\n");
    return 2;
  }
  char *colon = strrchr(argv[1], ':');
  if (colon == NULL || (*colon = 0, inet_pton(AF_INET, argv[1], &address.sin_addr)) != 1) {
    fprintf(stderr, "not an IPv4 HOST:PORT: %s\n", argv[1]);
    return 2;
  }
  address.sin_port = htons(atoi(colon + 1));
  char body[16384];
  FILE *file = fopen(argv[4], "rb");
  if (file == NULL) {
    perror(argv[4]);
    return 2;
  }
  size_t length = fread(body, 1, sizeof body, file);
  fclose(file);
  char request[20480];
  int request_length = snprintf(request, sizeof request,
      "POST %s HTTP/1.1\r\nHost: %s:%s\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n\r\n%.*s",
      argv[2], argv[1], colon + 1, length, (int) length, body);
  static long latencies[MAX_REQUESTS];
  static char answer[65536];
  int s = open_connection(), n = 0;
  long end = micros() + atol(argv[3]) * 1000000L;
  while (n < MAX_REQUESTS) {
    long start = micros();
    if (start > end) {
      break;
    }
    int got = 0;
    long whole = -1;
    if (write(s, request, request_length) != request_length) {
      perror("write");
      return 1;
    }
    while (whole < 0 || got < whole) {
      int r = read(s, answer + got, sizeof answer - 1 - got);
      if (r == 0 && got == 0) {  // closed between requests: send it again on a new connection
        close(s);
        s = open_connection();
        if (write(s, request, request_length) != request_length) {
          perror("write");
          return 1;
        }
        continue;
      }
      if (r <= 0) {
        fprintf(stderr, got == (int) sizeof answer - 1 ? "an answer over 64 KiB\n" : "the connection closed during an answer\n");
        return 1;
      }
      got += r;
      answer[got] = 0;
      char *head_end = strstr(answer, "\r\n\r\n"), *field = strcasestr(answer, "\r\ncontent-length:");
      if (whole < 0 && head_end != NULL) {
        if (strncmp(answer, "HTTP/1.1 200", 12) != 0 || field == NULL || field > head_end) {
          fprintf(stderr, "an answer that is not a 200 with a Content-Length: %.*s\n", (int) (head_end - answer), answer);
          return 1;
        }
        whole = head_end + 4 - answer + atol(field + 17);
      }
    }
    latencies[n++] = micros() - start;
  }
  if (n == 0) {
    fprintf(stderr, "no request answered\n");
    return 1;
  }
  qsort(latencies, n, sizeof latencies[0], by_value);
  printf("%d %.3f %.3f %.3f\n", n, latencies[n / 2] / 1000.0, latencies[(long) n * 99 / 100] / 1000.0,
         latencies[(long) n * 999 / 1000] / 1000.0);
  return 0;
}
