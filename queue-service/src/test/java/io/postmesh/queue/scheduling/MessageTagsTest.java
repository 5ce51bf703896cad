package io.postmesh.queue.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessageTagsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "Subject: x\\r\\nX-Postmesh-Lane: transactional\\r\\n\\r\\nbody        | X-Postmesh-Lane | transactional",
            "x-postmesh-lane:   Bulk  \\r\\n\\r\\n                               | X-Postmesh-Lane | Bulk",
            "X-Postmesh-Campaign: spring\\r\\n  -sale\\r\\nSubject: y\\r\\n\\r\\n    | X-Postmesh-Campaign | spring -sale",
            "Subject: x\\r\\n\\r\\nX-Postmesh-Lane: transactional\\r\\n           | X-Postmesh-Lane | null",
            "X-Postmesh-Lane: a\\r\\nX-Postmesh-Lane: b\\r\\n\\r\\n                | X-Postmesh-Lane | a",
            "X-Postmesh-Lane:\\r\\n\\r\\n                                          | X-Postmesh-Lane | null",
            "Subject: bare LF\\nX-Postmesh-Lane: transactional\\n\\nbody               | X-Postmesh-Lane | transactional",
    })
    void readsTheFirstFieldOfTheHeaderSectionUnfolded(String message, String name, String expected) {
        byte[] bytes = message.strip().replace("\\r", "\r").replace("\\n", "\n").getBytes(StandardCharsets.UTF_8);
        assertThat(MessageTags.header(bytes, name).orElse(null)).isEqualTo(expected);
    }
}
