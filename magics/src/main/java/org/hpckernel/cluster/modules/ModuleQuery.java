package org.hpckernel.cluster.modules;

import java.util.Optional;
import org.hpckernel.cluster.Shell;

/**
 * The one remote command that finds the login node's module system and lists every module, and
 * the reader of its answer. {@code module} is a shell function: it exists in a login shell, or
 * after sourcing the system's init file. Lmod and Environment Modules both write their listings to
 * stderr, hence {@code 2>&1}. Lmod's {@code spider} lists modules behind others in a hierarchy too
 * (loadable once their compiler is), which {@code avail} leaves out.
 */
public final class ModuleQuery {

    private ModuleQuery() {}

    private static final String SCRIPT = """
                                         if ! type module >/dev/null 2>&1; then
                                           for f in /etc/profile.d/lmod.sh /usr/share/lmod/lmod/init/bash /etc/profile.d/modules.sh /usr/share/Modules/init/bash; do
                                             if [ -r "$f" ]; then . "$f" >/dev/null 2>&1; type module >/dev/null 2>&1 && break; fi
                                           done
                                         fi
                                         if ! type module >/dev/null 2>&1; then echo '@@system none'
                                         elif [ -n "${LMOD_CMD:-}" ]; then
                                           echo "@@system lmod ${LMOD_VERSION:-}"; echo @@all; module -t spider 2>&1; echo "@@rc $?"; echo @@defaults; module -t -d avail 2>&1
                                         else
                                           echo "@@system environment-modules $(module --version 2>&1 | head -n 1)"; echo @@all; module avail -t 2>&1; echo "@@rc $?"
                                           echo @@defaults; module avail -t -d 2>&1
                                         fi\
                                         """;

    /** Run by a login bash so the site's profile defines {@code module} as it does for the user. */
    public static String command() {
        return "bash -lc " + Shell.quote(SCRIPT) + " </dev/null";
    }

    /** The listing in {@link #command()}'s output; empty when the output is not a full answer (the listing failed). */
    public static Optional<ModuleList> parse(String output) {
        int at = output.indexOf("@@system ");
        if (at < 0) {
            return Optional.empty();
        }
        String[] head = output.substring(at + "@@system ".length())
                .split("\n", 2)[0]
                .strip()
                .split("\\s+", 2);
        String system = head[0];
        String version = head.length > 1
                ? head[1].replaceFirst("^Modules Release\\s+", "")
                        .replaceFirst("^Modules based on Lua: Version\\s+", "")
                : "";
        if (system.equals(ModuleList.NONE)) {
            return Optional.of(new ModuleList(ModuleList.NONE, "", java.util.List.of()));
        }
        int all = output.indexOf("\n@@all\n", at);
        int rc = output.indexOf("\n@@rc ", all < 0 ? at : all);
        if (all < 0 || rc < 0) {
            return Optional.empty();
        }
        String rcValue =
                output.substring(rc + "\n@@rc ".length()).split("\n", 2)[0].strip();
        if (!rcValue.equals("0")) {
            return Optional.empty();
        }
        int defaults = output.indexOf("\n@@defaults\n", rc);
        String defaultListing = defaults < 0 ? "" : output.substring(defaults + "\n@@defaults\n".length());
        return Optional.of(new ModuleList(
                system,
                version.strip(),
                ModuleListParser.parse(output.substring(all + "\n@@all\n".length(), rc + 1), defaultListing)));
    }
}
