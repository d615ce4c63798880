package io.careerstream.domain.map;

import java.util.List;

/** A career map that cannot be used; every problem is listed with the file, the rule and the expression. */
public class CareerMapException extends RuntimeException {

    private final List<String> problems;

    public CareerMapException(String source, List<String> problems) {
        super("Invalid career map " + source + ":\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
