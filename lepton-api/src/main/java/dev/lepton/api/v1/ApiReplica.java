package dev.lepton.api.v1;

/** One replica: the job that runs it, that job's phase, its address ({@code host:port}) once launched, and whether it is ready for requests. */
public record ApiReplica(String job, long revision, String phase, String address, boolean ready) {}
