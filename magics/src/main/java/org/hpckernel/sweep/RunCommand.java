package org.hpckernel.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hpckernel.cluster.Shell;

/**
 * A sweep config's {@code command} turned into one shell line for a trial, as W&B's agent builds it
 * (wandb/wandb wandb/wandb_agent.py {@code _command_run}, wandb/sdk/launch/sweeps/utils.py
 * {@code create_sweep_command} and {@code create_sweep_command_args}):
 * <ul>
 * <li>{@code ${envvar:NAME}} (NAME in [A-Z0-9_]) is replaced anywhere in a word by the variable, or by
 *     NAME itself when it is unset; here the node's environment answers, when the trial runs;</li>
 * <li>a word that is wholly {@code ${x}} is a macro: args, args_no_equals, args_no_hyphens,
 *     args_no_boolean_flags, args_json (one word), args_dict (its keys), args_json_file, env
 *     ({@code /usr/bin/env}), interpreter ({@code python}), program; an unknown macro gives nothing;</li>
 * <li>values are Python's {@code str()}; a nested parameter is one flag whose value is the dict.</li>
 * </ul>
 * Every word goes through Shell.quote. The program is the copy staged beside the array when relative.
 */
public final class RunCommand {

    /** Where the trial's {@code ${args_json_file}} is, relative to its folder, as the agent names it. */
    public static final String ARGS_JSON_FILE = "wandb/sweep-$WANDB_SWEEP_ID/config-$WANDB_RUN_ID.json";

    private static final Pattern ENVVAR = Pattern.compile("\\$\\{envvar:([A-Z0-9_]*)}");

    private RunCommand() {}

    public static String expand(List<String> command, String program, Map<String, Object> flatPoint) {
        List<String> cmd = command.isEmpty() ? List.of("${env}", "${interpreter}", "${program}", "${args}") : command;
        Map<String, Object> config = WandbRunConfig.of(flatPoint);
        List<String> words = new ArrayList<>();
        if (cmd.stream().anyMatch(c -> c.startsWith("${args")) && config.containsValue(null))
            return refusedNone(config);
        for (String c : cmd) {
            if (ENVVAR.matcher(c).find()) words.add(withEnvVars(c));
            else if (c.startsWith("${") && c.endsWith("}"))
                words.addAll(macro(c.substring(2, c.length() - 1), program, config));
            else words.add(Shell.quote(c));
        }
        return String.join(" ", words);
    }

    /** The agent raises on a parameter whose value is None (create_sweep_command_args): the trial fails saying so. */
    private static String refusedNone(Map<String, Object> config) {
        String names = String.join(
                ", ",
                config.entrySet().stream()
                        .filter(e -> e.getValue() == null)
                        .map(Map.Entry::getKey)
                        .toList());
        return "echo "
                + Shell.quote(
                        "hpc-kernel: parameter " + names + " is None; W&B's agent refuses a None value in ${args}")
                + " >&2; exit 2";
    }

    /** The words one macro gives, already quoted for the shell. */
    static List<String> macro(String name, String program, Map<String, Object> config) {
        List<String> out = new ArrayList<>();
        switch (name) {
            case "env" -> out.add("/usr/bin/env");
            case "interpreter" -> out.add("python");
            case "program" -> {
                if (program == null)
                    throw new IllegalArgumentException("command uses ${program} but the config has no 'program'");
                out.add(programPath(program));
            }
            case "args" -> config.forEach((k, v) -> out.add(Shell.quote("--" + k + "=" + PyValue.str(v))));
            case "args_no_hyphens" -> config.forEach((k, v) -> out.add(Shell.quote(k + "=" + PyValue.str(v))));
            case "args_no_equals" ->
                config.forEach((k, v) -> {
                    out.add(Shell.quote("--" + k));
                    out.add(Shell.quote(PyValue.str(v)));
                });
            case "args_no_boolean_flags" ->
                config.forEach((k, v) -> {
                    if (v instanceof Boolean b) {
                        if (b) out.add(Shell.quote("--" + k));
                    } else out.add(Shell.quote("--" + k + "=" + PyValue.str(v)));
                });
            case "args_json" -> out.add(Shell.quote(PyValue.jsonDumps(config)));
            case "args_dict" ->
                config.keySet()
                        .forEach(k -> out.add(Shell.quote(k))); // the agent extends its list with the dict: its keys
            case "args_json_file" -> out.add("\"" + ARGS_JSON_FILE + "\"");
            default -> {} // the agent adds nothing for a macro it does not know
        }
        return out;
    }

    /** A word with ${envvar:NAME} inside: literal parts quoted, each variable "${NAME-NAME}" (unset: its name, as os.environ.get(n, n)). */
    static String withEnvVars(String word) {
        Matcher m = ENVVAR.matcher(word);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            if (m.start() > last) out.append(Shell.quote(word.substring(last, m.start())));
            String var = m.group(1);
            if (var.isEmpty() || Character.isDigit(var.charAt(0)))
                out.append(Shell.quote(var)); // no shell variable can have that name
            else out.append("\"${").append(var).append('-').append(var).append("}\"");
            last = m.end();
        }
        if (last < word.length()) out.append(Shell.quote(word.substring(last)));
        return out.toString();
    }

    /**
     * Where the program is on the node: an absolute or {@code ~/} path as given; a relative one is
     * the copy staged from the notebook's folder into the array's folder ($HPC_JOB_DIR).
     */
    static String programPath(String program) {
        if (program.startsWith("/")) return Shell.quote(program);
        if (program.startsWith("~/")) return "~/" + Shell.quote(program.substring(2));
        return "\"$HPC_JOB_DIR\"/"
                + Shell.quote(java.nio.file.Path.of(program).getFileName().toString());
    }

    /** True when the program is a file of the notebook's folder that must be staged with each array. */
    public static boolean isLocal(String program) {
        return program != null && !program.startsWith("/") && !program.startsWith("~/");
    }

    private static final Pattern MACRO = Pattern.compile(
            "\\$\\{(env|interpreter|program|args|args_no_hyphens|args_no_equals|args_no_boolean_flags|args_json|args_json_file|args_dict)}|\\$\\{envvar:([A-Z0-9_]*)}");

    /**
     * A shell line written by the user (--command): W&B's macros anywhere in it are replaced by their
     * quoted expansion (the agent's own words); everything else, {@code $HOME} or a pipe, stays shell.
     */
    public static String expandLine(String line, String program, Map<String, Object> flatPoint) {
        Map<String, Object> config = WandbRunConfig.of(flatPoint);
        if (line.contains("${args") && config.containsValue(null)) return refusedNone(config);
        Matcher m = MACRO.matcher(line);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String rep =
                    m.group(1) != null ? String.join(" ", macro(m.group(1), program, config)) : withEnvVars(m.group());
            m.appendReplacement(out, Matcher.quoteReplacement(rep));
        }
        m.appendTail(out);
        return out.toString();
    }
}
