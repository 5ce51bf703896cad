package io.postmesh.delivery.capture;

import java.time.Instant;
import java.util.List;

/**
 * One message kept by capture mode, as stored in Redis and served by the capture inbox.
 *
 * @param id         capture id (unique per captured job)
 * @param queueId    the pipeline's queue id
 * @param receivedAt when the delivery service captured it
 * @param from       reverse path ("" for the null reverse path)
 * @param to         the job's recipients
 * @param headers    the header fields, unfolded, in order
 * @param raw        the whole message as UTF-8 text (CRLF line ends)
 * @param size       size in bytes
 */
public record CapturedMessage(String id, String queueId, Instant receivedAt, String from, List<String> to,
                              List<HeaderSection.Field> headers, String raw, long size) {}
