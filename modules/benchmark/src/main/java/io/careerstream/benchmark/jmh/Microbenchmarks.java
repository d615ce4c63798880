package io.careerstream.benchmark.jmh;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/** Runs the JMH microbenchmarks of this package (forked JVMs on the current class path). */
public final class Microbenchmarks {

    private Microbenchmarks() {
    }

    /** @param filter a regular expression over benchmark names; null or empty for all */
    public static void run(String filter) throws RunnerException {
        String include = Microbenchmarks.class.getPackageName() + "."
                + (filter == null || filter.isBlank() ? "" : ".*" + filter);
        Options options = new OptionsBuilder().include(include).build();
        new Runner(options).run();
    }
}
