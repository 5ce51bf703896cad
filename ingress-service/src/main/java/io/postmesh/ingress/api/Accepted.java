package io.postmesh.ingress.api;

/**
 * The reply to a message Kafka has durably: 202 Accepted.
 *
 * @param queueId   the pipeline's id (tracking: {@code GET /v1/messages/{queueId}} on the queue service)
 * @param messageId the Message-ID header of the message
 */
public record Accepted(String queueId, String messageId) {}
