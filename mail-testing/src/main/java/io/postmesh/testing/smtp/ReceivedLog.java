package io.postmesh.testing.smtp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/** The messages a peer accepted, in order, with a wait that wakes on each new message. */
final class ReceivedLog {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final List<ReceivedMessage> messages = new ArrayList<>();

    private volatile Consumer<ReceivedMessage> listener = m -> { };
    private volatile boolean keep = true;

    /** {@code listener} is told of every message as it is accepted; {@code keep} false stops storing them. */
    void listen(Consumer<ReceivedMessage> listener, boolean keep) {
        this.listener = listener;
        this.keep = keep;
    }

    void add(ReceivedMessage message) {
        listener.accept(message);
        lock.lock();
        try {
            if (keep) {
                messages.add(message);
            }
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    List<ReceivedMessage> snapshot() {
        lock.lock();
        try {
            return List.copyOf(messages);
        } finally {
            lock.unlock();
        }
    }

    /** All messages once there are at least {@code count}; an AssertionError listing them on timeout. */
    List<ReceivedMessage> await(int count, Duration timeout) {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (messages.size() < count) {
                if (remaining <= 0) {
                    throw new AssertionError("expected " + count + " message(s) within " + timeout
                            + " but the peer accepted " + messages.size() + ": " + messages);
                }
                remaining = arrived.awaitNanos(remaining);
            }
            return List.copyOf(messages);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + count + " message(s); have " + messages, e);
        } finally {
            lock.unlock();
        }
    }
}
