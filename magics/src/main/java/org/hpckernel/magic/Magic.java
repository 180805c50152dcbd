package org.hpckernel.magic;

import java.util.List;
import org.hpckernel.render.Png;

/**
 * One named magic ({@code %hpc}, {@code %wandb}, {@code %lsmagic}...). A magic returns a plain value
 * (String, a Tablesaw Table, {@link Png}, a Jackson JsonNode, or null) and never touches Jupyter:
 * the kernel's display layer decides the MIME bundle.
 */
public interface Magic {

    /** The name after {@code %} or {@code %%}. */
    String name();

    /** One line for {@code %lsmagic}. */
    String summary();

    /** Usage with examples, shown by {@code %help NAME} and {@code NAME --help}. */
    String help();

    /** Runs the magic. Long runs check {@link Thread#interrupted()} so an interrupt stops them. */
    Object run(MagicCall call, MagicContext context) throws Exception;

    /**
     * How it is called, for {@code %lsmagic}: {@code "line"} ({@code %name}), {@code "cell"}
     * ({@code %%name} with a body) or {@code "line, cell"}.
     */
    default String kind() {
        return "line";
    }

    /** Words that may follow {@code args} (subcommands, option names), for completion. */
    default List<String> completions(List<String> args) {
        return List.of();
    }
}
