package dev.lepton.api.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import java.io.IOException;

/**
 * A string that must be written as one: names. Jackson reads {@code name: 123} or {@code true} into
 * a string field as "123" or "true", which the codec allows where it helps ({@code cpu: 2}) but not
 * for a name, whose spelling is its identity.
 */
public final class StrictString extends StdScalarDeserializer<String> {
    public StrictString() {
        super(String.class);
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        return (String) context.handleUnexpectedToken(String.class, parser);
    }
}
