package org.hpckernel.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/** The kernel_info_reply: who we are, the language, a banner and help links. */
final class KernelInfo {

    static final String VERSION = versionOrDev();

    private KernelInfo() {}

    static JsonObject reply() {
        JsonObject language = new JsonObject();
        language.addProperty("name", "java");
        language.addProperty("version", Runtime.version().toString());
        language.addProperty("mimetype", "text/x-java-source");
        language.addProperty("file_extension", ".jshell");
        language.addProperty("pygments_lexer", "java");
        JsonObject codemirror = new JsonObject();
        codemirror.addProperty("name", "text/x-java");
        language.add("codemirror_mode", codemirror);

        JsonArray help = new JsonArray();
        help.add(link("hpc-kernel magics: %lsmagic, %help NAME", "https://github.com/hpc-kernel/hpc-kernel#magics"));
        help.add(link("JShell guide", "https://docs.oracle.com/en/java/javase/17/jshell/"));
        help.add(link("Tablesaw", "https://jtablesaw.github.io/tablesaw/"));

        JsonObject reply = new JsonObject();
        reply.addProperty("status", "ok");
        reply.addProperty("protocol_version", "5.3");
        reply.addProperty("implementation", "hpc-kernel");
        reply.addProperty("implementation_version", VERSION);
        reply.add("language_info", language);
        reply.addProperty(
                "banner",
                "hpc-kernel " + VERSION + " on Java " + Runtime.version()
                        + "\nJava cells run in JShell; %lsmagic lists the magics, %help NAME explains one.");
        reply.add("help_links", help);
        return reply;
    }

    private static JsonObject link(String text, String url) {
        JsonObject o = new JsonObject();
        o.addProperty("text", text);
        o.addProperty("url", url);
        return o;
    }

    private static String versionOrDev() {
        String v = KernelInfo.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
