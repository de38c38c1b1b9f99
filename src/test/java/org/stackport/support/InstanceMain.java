package org.stackport.support;

/**
 * Stackport as a process of its own (for tests that need two instances on one database): {@link TestApplication}
 * with the given arguments, until the process is told to stop (SIGTERM closes the context gracefully, as a real
 * instance's shutdown does).
 */
public final class InstanceMain {

    private InstanceMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        TestApplication.start(args);
        System.out.println("STACKPORT INSTANCE READY");
        System.out.flush();
        Thread.currentThread().join();
    }
}
