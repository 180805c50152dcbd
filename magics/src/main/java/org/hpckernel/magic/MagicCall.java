package org.hpckernel.magic;

import java.util.List;
import java.util.Optional;

/**
 * A parsed magic invocation: {@code %name args} on one line, or {@code %%name args} with the rest
 * of the cell as its body.
 */
public record MagicCall(String name, List<String> args, Optional<String> body) {

    public MagicCall {
        args = List.copyOf(args);
    }

    public static MagicCall line(String name, List<String> args) {
        return new MagicCall(name, args, Optional.empty());
    }

    public static MagicCall cell(String name, List<String> args, String body) {
        return new MagicCall(name, args, Optional.of(body));
    }

    public boolean isCell() {
        return body.isPresent();
    }
}
