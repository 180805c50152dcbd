package org.hpckernel.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hpckernel.cluster.Shell;

/**
 * W&B's command macros turned into one shell line for a trial. Every value goes through Shell.quote.
 * Default command: ${env} ${interpreter} ${program} ${args} (env is dropped: a batch job has its own;
 * interpreter is python3). A relative program is the copy staged from the notebook's folder.
 */
public final class RunCommand {

    private RunCommand() {}

    public static String expand(List<String> command, String program, Map<String, Object> flatPoint) {
        List<String> cmd = command.isEmpty() ? List.of("${env}", "${interpreter}", "${program}", "${args}") : command;
        List<String> words = new ArrayList<>();
        for (String c : cmd) {
            switch (c) {
                case "${env}" -> { }
                case "${interpreter}" -> words.add("python3");
                case "${program}" -> {
                    if (program == null) throw new IllegalArgumentException("command uses ${program} but the config has no 'program'");
                    words.add(programPath(program));
                }
                case "${args}" -> flatPoint.forEach((k, v) -> words.add(Shell.quote("--" + k + "=" + v)));
                case "${args_no_hyphens}" -> flatPoint.forEach((k, v) -> words.add(Shell.quote(k + "=" + v)));
                case "${args_no_equals}" -> flatPoint.forEach((k, v) -> { words.add(Shell.quote("--" + k)); words.add(Shell.quote(String.valueOf(v))); });
                case "${args_no_boolean_flags}" -> flatPoint.forEach((k, v) -> {
                    if (Boolean.TRUE.equals(v)) words.add(Shell.quote("--" + k));
                    else if (!Boolean.FALSE.equals(v)) words.add(Shell.quote("--" + k + "=" + v));
                });
                case "${args_json_file}" -> words.add("params.json");
                default -> {
                    if (c.startsWith("${envvar:") && c.endsWith("}") && c.substring(9, c.length() - 1).matches("[A-Za-z_][A-Za-z0-9_]*"))
                        words.add("\"$" + c.substring(9, c.length() - 1) + "\"");
                    else if (c.startsWith("${"))
                        throw new IllegalArgumentException("command: macro " + c + " is not supported; use ${program}, ${interpreter}, ${args}, "
                                + "${args_no_hyphens}, ${args_no_equals}, ${args_no_boolean_flags}, ${args_json_file} or ${envvar:NAME}");
                    else words.add(Shell.quote(c));
                }
            }
        }
        return String.join(" ", words);
    }

    /**
     * Where the program is on the node: an absolute or {@code ~/} path as given; a relative one is
     * the copy staged from the notebook's folder into the array's folder ($HPC_JOB_DIR).
     */
    static String programPath(String program) {
        if (program.startsWith("/")) return Shell.quote(program);
        if (program.startsWith("~/")) return "~/" + Shell.quote(program.substring(2));
        return "\"$HPC_JOB_DIR\"/" + Shell.quote(java.nio.file.Path.of(program).getFileName().toString());
    }

    /** True when the program is a file of the notebook's folder that must be staged with each array. */
    public static boolean isLocal(String program) {
        return program != null && !program.startsWith("/") && !program.startsWith("~/");
    }

    private static final java.util.regex.Pattern MACRO = java.util.regex.Pattern.compile("\\$\\{(env|interpreter|program|args|args_no_hyphens|args_no_equals|args_no_boolean_flags|args_json_file|envvar:[A-Za-z_][A-Za-z0-9_]*)}");

    /**
     * A shell line written by the user (--command), with W&B's macros ({@code ${args}} and the
     * others above) replaced by their quoted expansion; everything else, {@code $HOME} or a pipe,
     * stays shell.
     */
    public static String expandLine(String line, String program, Map<String, Object> flatPoint) {
        java.util.regex.Matcher m = MACRO.matcher(line);
        StringBuilder out = new StringBuilder();
        while (m.find()) m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(expand(List.of(m.group()), program, flatPoint)));
        m.appendTail(out);
        return out.toString();
    }
}
