package io.postmesh.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class InSequenceTest {
    private final InSequence sequence = new InSequence();
    private final List<String> started = new ArrayList<>();

    private CompletionStage<String> step(String name, CompletableFuture<String> finish) {
        started.add(name);
        return finish;
    }

    @Test
    void aSecondCopyOfAJobStartsOnlyWhenTheFirstHasFinished() {
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> second = new CompletableFuture<>();
        CompletionStage<String> a = sequence.run("q1", () -> step("first", first));
        CompletionStage<String> b = sequence.run("q1", () -> step("second", second));

        assertThat(started).containsExactly("first");
        first.complete("one");
        assertThat(started).containsExactly("first", "second");
        assertThat(a.toCompletableFuture().join()).isEqualTo("one");
        assertThat(b.toCompletableFuture()).isNotDone();
        second.complete("two");
        assertThat(b.toCompletableFuture().join()).isEqualTo("two");
        assertThat(sequence.keys()).isZero();
    }

    @Test
    void differentJobsRunAtTheSameTime() {
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> other = new CompletableFuture<>();
        sequence.run("q1", () -> step("first", first));
        sequence.run("q2", () -> step("other", other));

        assertThat(started).containsExactly("first", "other");
        assertThat(sequence.keys()).isEqualTo(2);
    }

    @Test
    void aFailedAttemptStillLetsTheNextCopyRunAndKeepsItsOwnFailure() {
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletionStage<String> a = sequence.run("q1", () -> step("first", first));
        CompletionStage<String> b = sequence.run("q1", () -> step("second", CompletableFuture.completedFuture("ok")));

        first.completeExceptionally(new IllegalStateException("redis away"));
        assertThat(a.toCompletableFuture()).isCompletedExceptionally();
        assertThat(b.toCompletableFuture().join()).isEqualTo("ok");
        assertThat(sequence.keys()).isZero();
    }

    @Test
    void workThatThrowsFailsItsStageInsteadOfTheCaller() {
        CompletionStage<String> a = sequence.run("q1", () -> {
            throw new IllegalArgumentException("bad job");
        });
        CompletionStage<String> b = sequence.run("q1", () -> step("next", CompletableFuture.completedFuture("ok")));

        assertThat(a.toCompletableFuture()).isCompletedExceptionally();
        assertThat(b.toCompletableFuture().join()).isEqualTo("ok");
    }

    @Test
    void withoutAKeyWorkRunsAtOnce() {
        CompletableFuture<String> first = new CompletableFuture<>();
        sequence.run(null, () -> step("first", first));
        sequence.run(null, () -> step("second", first));

        assertThat(started).containsExactly("first", "second");
        assertThat(sequence.keys()).isZero();
    }
}
