package dev.vaultserver.admission.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/** The tests' one wait helper: poll until something holds, or fail saying what did not happen and what was last seen. */
public final class Await {

    private Await() {
    }

    /**
     * Calls {@code attempt} every {@code every} until what it returns passes {@code done}; returns that, or fails after
     * {@code within} with the last answer (or exception) in the message.
     */
    public static <T> T until(String what, Duration within, Duration every, Callable<T> attempt, Predicate<? super T> done) {
        long deadline = System.nanoTime() + within.toNanos();
        Object last = null;
        while (true) {
            try {
                T answer = attempt.call();
                if (done.test(answer)) {
                    return answer;
                }
                last = answer;
            } catch (Exception notYet) {
                last = notYet;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " did not happen within " + within.toMillis() + " ms; last: " + last);
            }
            try {
                Thread.sleep(every.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting until " + what, e);
            }
        }
    }

    /** Polls {@code condition} every {@code every} until it is true, or fails after {@code within}. */
    public static void untilTrue(String what, Duration within, Duration every, Condition condition) {
        until(what, within, every, condition::holds, Boolean.TRUE::equals);
    }

    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }
}
