package dev.lepton.sim.engine;

/**
 * Something that happens to a job at {@code time} (virtual milliseconds): it arrives, a hold releases it
 * into the queue, it completes, or the policy's ranking of it changes. Events of a job carry its
 * epoch when scheduled; one whose epoch is stale (the job was preempted or restarted since) is ignored.
 */
record Event(long time, Kind kind, long sequence, SimJob job, int epoch) implements Comparable<Event> {
    enum Kind { COMPLETION, ARRIVAL, RELEASE, REORDER }

    @Override
    public int compareTo(Event other) {
        int byTime = Long.compare(time, other.time);
        return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
    }
}
