package io.postmesh.delivery.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReplyAssemblerTest {

    @Test
    void multiLineReplyEndsAtTheLineWithASpace() {
        ReplyAssembler assembler = new ReplyAssembler();
        assertThat(assembler.accept("250-mx.test greets you")).isEmpty();
        assertThat(assembler.accept("250-PIPELINING")).isEmpty();
        Optional<ServerReply> reply = assembler.accept("250 SIZE 1000");
        assertThat(reply).hasValueSatisfying(r -> {
            assertThat(r.code()).isEqualTo(250);
            assertThat(r.lines()).containsExactly("250-mx.test greets you", "250-PIPELINING", "250 SIZE 1000");
        });
        assertThat(assembler.accept("550 5.1.1 no such user")).hasValueSatisfying(r -> {
            assertThat(r.reply().enhanced()).isEqualTo("5.1.1");
            assertThat(r.toString()).isEqualTo("550 5.1.1 no such user");
        });
    }

    @Test
    void bareCodeIsAWholeReply() {
        assertThat(new ReplyAssembler().accept("250")).hasValueSatisfying(r -> assertThat(r.code()).isEqualTo(250));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "25", "abc hello", "250xhello", "HTTP/1.1 400 Bad Request"})
    void rejectsLinesThatAreNoReply(String line) {
        assertThatThrownBy(() -> new ReplyAssembler().accept(line)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsACodeChangeInsideAReply() {
        ReplyAssembler assembler = new ReplyAssembler();
        assembler.accept("250-first");
        assertThatThrownBy(() -> assembler.accept("550 second")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsEndlessReplies() {
        ReplyAssembler assembler = new ReplyAssembler();
        assertThatThrownBy(() -> {
            for (int i = 0; i < 1000; i++) {
                assembler.accept("250-more");
            }
        }).isInstanceOf(IllegalArgumentException.class);
    }
}
