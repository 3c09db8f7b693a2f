package dev.lepton.server;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.slf4j.LoggerFactory;

/**
 * Every log event of this JVM while open, each as all the text an appender could write of it: the
 * formatted message, the raw arguments, the key/value pairs of SLF4J's fluent API
 * ({@code addKeyValue}), the MDC, and the messages of the attached exception and its causes.
 * Looking at the formatted message alone misses a secret passed as a key/value pair.
 */
final class LogCapture implements AutoCloseable {
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    LogCapture() {
        appender.start();
        root().addAppender(appender);
    }

    /** One line of text per event so far. */
    List<String> events() {
        synchronized (appender) {
            return appender.list.stream().map(LogCapture::text).toList();
        }
    }

    /** The formatted messages alone: blind to key/value pairs, unused arguments and exceptions. */
    List<String> formattedMessages() {
        synchronized (appender) {
            return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    static String text(ILoggingEvent event) {
        List<String> parts = new ArrayList<>();
        parts.add(event.getFormattedMessage());
        if (event.getArgumentArray() != null) {
            parts.add(Arrays.deepToString(event.getArgumentArray()));
        }
        if (event.getKeyValuePairs() != null) {
            event.getKeyValuePairs().forEach(kv -> parts.add(kv.key + "=" + kv.value));
        }
        event.getMDCPropertyMap().forEach((key, value) -> parts.add(key + "=" + value));
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            parts.add(t.getClassName() + ": " + t.getMessage());
        }
        return String.join(" ", parts.stream().filter(Objects::nonNull).toList());
    }

    @Override
    public void close() {
        root().detachAppender(appender);
        appender.stop();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
