package io.careerstream.local.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Reads every {@code ./careerstream ...} command line quoted in a document and checks it against
 * the command line's own picocli spec: each subcommand named exists, and each option is one that
 * (sub)command declares. What is checked ends at the first shell operator, comment or closing
 * backtick; alternatives written {@code check|explain} are each checked.
 */
final class DocumentedCommands {

    private static final Pattern INVOCATION = Pattern.compile("\\./careerstream((?:[ \\t]+[^\\s`]+)*)");
    private static final Pattern END = Pattern.compile("^(#|\\||&&|;|>|<|2>|\\)|\\$\\().*");

    private final CommandLine root;

    DocumentedCommands(CommandLine root) {
        this.root = root;
    }

    /** The problems of the command lines quoted in {@code text}, each naming {@code where} and the line. */
    List<String> check(String where, String text) {
        List<String> problems = new ArrayList<>();
        String joined = text.replaceAll("\\\\\\r?\\n\\s*", " "); // shell line continuations
        String[] lines = joined.split("\\r?\\n");
        for (int i = 0; i < lines.length; i++) {
            Matcher m = INVOCATION.matcher(lines[i]);
            while (m.find()) {
                String invocation = m.group(1).strip();
                String problem = checkOne(invocation);
                if (problem != null) {
                    problems.add(where + ": `./careerstream " + invocation + "`: " + problem);
                }
            }
        }
        return problems;
    }

    /** The problem of one command line (the words after {@code ./careerstream}), or null. */
    String checkOne(String invocation) {
        CommandSpec spec = root.getCommandSpec();
        String[] words = invocation.isEmpty() ? new String[0] : invocation.split("\\s+");
        for (int i = 0; i < words.length; i++) {
            String word = stripQuotesAndPunctuation(words[i]);
            if (word.isEmpty() || END.matcher(word).matches()) {
                return null;
            }
            if (word.startsWith("-")) {
                String name = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
                if (name.equals("-") || name.equals("--") || !name.matches("--?[A-Za-z][A-Za-z0-9-]*")) {
                    continue; // a placeholder such as [--flags], or prose
                }
                OptionSpec option = spec.findOption(name);
                if (option == null && name.startsWith("--no-")) {
                    // A negatable option's other form (--simulation / --no-simulation).
                    OptionSpec positive = spec.findOption("--" + name.substring("--no-".length()));
                    option = positive != null && positive.negatable() ? positive : null;
                }
                if (option == null) {
                    return "'" + spec.qualifiedName() + "' has no option " + name;
                }
                if (!word.contains("=") && option.arity().max() > 0) {
                    i++; // its value
                }
                continue;
            }
            if (word.contains("|")) {
                for (String alternative : word.split("\\|")) {
                    if (!spec.subcommands().containsKey(alternative)) {
                        return "'" + spec.qualifiedName() + "' has no subcommand " + alternative;
                    }
                }
                return null; // the alternatives' own options are not quoted on the same line
            }
            CommandLine sub = spec.subcommands().get(word);
            if (sub != null) {
                spec = sub.getCommandSpec();
            } else if (!spec.subcommands().isEmpty() && spec.positionalParameters().isEmpty()) {
                return "'" + spec.qualifiedName() + "' has no subcommand " + word;
            }
            // else: a positional parameter or a value
        }
        return null;
    }

    private static String stripQuotesAndPunctuation(String word) {
        return word.replaceAll("^[\"'(\\[]+", "").replaceAll("[\"'),.:\\]]+$", "");
    }
}
