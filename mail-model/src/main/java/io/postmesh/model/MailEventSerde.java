package io.postmesh.model;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka (de)serialisers for {@link MailEvent} values on {@link Topics#EVENTS}. */
public final class MailEventSerde {
    private MailEventSerde() {}

    public static final class EventSerializer implements Serializer<MailEvent> {
        @Override
        public byte[] serialize(String topic, MailEvent data) {
            return data == null ? null : Json.write(data);
        }
    }

    public static final class EventDeserializer implements Deserializer<MailEvent> {
        @Override
        public MailEvent deserialize(String topic, byte[] data) {
            return data == null ? null : Json.event(data);
        }
    }
}
