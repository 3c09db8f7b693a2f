package dev.lepton.api.v1;

import java.util.List;

/** A page of objects; pass {@code nextCursor} as {@code cursor} to get the next one (absent on the last page). */
public record ApiList<T>(List<T> items, String nextCursor) {}
