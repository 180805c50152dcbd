package org.hpckernel.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.hpckernel.HpcException;

/**
 * Secrets a job needs ({@code --secret NAME}): values come from the kernel's environment or the
 * notebook folder's {@code .env}, travel in a file the job sources (mode 0600 in its directory),
 * and only their names are stored. Pure: the caller reads the environment and the {@code .env}.
 */
public final class Secrets {

    /** The file in the job directory the script sources; the protocol writes it with mode 0600. */
    public static final String FILE_NAME = "secrets.env";

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    // whole words of a name that mark a credential (not PWD or SSH_AUTH_SOCK, which are not)
    private static final List<String> WORDS =
            List.of("KEY", "APIKEY", "TOKEN", "SECRET", "PASSWORD", "PASSWD", "PASS", "CREDENTIAL", "CREDENTIALS");

    private Secrets() {}

    /**
     * The value of each name, from {@code environment} first, else {@code dotEnv}. Every missing name
     * is listed in one error that says where it looked. The map keeps the order of {@code names}.
     */
    public static Map<String, String> resolve(
            List<String> names, Map<String, String> environment, Map<String, String> dotEnv) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            checkName(name);
            String v = environment.get(name);
            if (v == null) {
                v = dotEnv.get(name);
            }
            if (v == null) {
                missing.add(name);
            } else {
                values.put(name, v);
            }
        }
        if (!missing.isEmpty()) {
            throw new HpcException("--secret " + String.join(", ", missing) + (missing.size() == 1 ? " is" : " are")
                    + " not set: looked in the kernel's environment and in the notebook folder's .env. Add a line "
                    + missing.get(0)
                    + "=... to .env (keep .env out of version control), or export it before starting Jupyter.");
        }
        return values;
    }

    /** A valid shell variable name, or a message saying why not. */
    public static void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new HpcException(
                    "--secret takes the NAME of an environment variable (letters, digits, _), like --secret WANDB_API_KEY, not '"
                            + name
                            + "'. The value is read from the kernel's environment or .env, never written in the cell.");
        }
    }

    /** The sourced file: one {@code export NAME='value'} line per secret, each value quoted for the shell. */
    public static String fileContent(Map<String, String> values) {
        StringBuilder out = new StringBuilder("# written by hpc-kernel for this job only; mode 0600\n");
        values.forEach((name, value) -> {
            checkName(name);
            out.append("export ")
                    .append(name)
                    .append('=')
                    .append(Shell.quote(value))
                    .append('\n');
        });
        return out.toString();
    }

    /** Whether an environment name reads like a credential: WANDB_API_KEY, HF_TOKEN, DB_PASSWORD, AWS_SECRET_ACCESS_KEY. */
    public static boolean looksSecret(String envName) {
        for (String word : envName.toUpperCase(Locale.ROOT).split("[^A-Z0-9]+")) {
            if (WORDS.contains(word)
                    || word.endsWith("APIKEY")
                    || word.endsWith("TOKEN")
                    || word.endsWith("PASSWORD")) {
                return true;
            }
        }
        return false;
    }

    /** Refuses an {@code --env NAME=VALUE} whose name looks secret: the value would be stored in clear. */
    public static void refuseInEnv(String envName) {
        if (looksSecret(envName)) {
            throw new HpcException("--env " + envName
                    + "=... looks like a secret, and --env values are stored in the job record and job.sh"
                    + " in clear. Use --secret " + envName
                    + " instead: the value is read from the kernel's environment or the notebook"
                    + " folder's .env and reaches the job through a file only you can read.");
        }
    }
}
