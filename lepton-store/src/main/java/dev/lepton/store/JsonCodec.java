package dev.lepton.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;

/**
 * Turns the core records kept in JSON columns (a job's spec and status, a node) into text and
 * back. The mapper is private so that no other module's Jackson settings change the stored form.
 */
final class JsonCodec {
    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new Jdk8Module())
            .registerModule(new JavaTimeModule())
            .registerModule(StoredResources.module())
            // ISO-8601 text keeps full precision and stays readable in a SQL shell.
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            // A row written by a newer Lepton must stay readable after a rollback to this one.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new LeptonException(ErrorCode.INTERNAL, "cannot encode " + value.getClass().getSimpleName() + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    <T> T read(String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new LeptonException(ErrorCode.INTERNAL, "stored " + type.getSimpleName() + " is not valid JSON for this version: " + e.getOriginalMessage(), e);
        }
    }
}
