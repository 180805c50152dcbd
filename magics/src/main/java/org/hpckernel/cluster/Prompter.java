package org.hpckernel.cluster;

/** Asks the person at the notebook (through Jupyter's input request); answers are never stored. */
@FunctionalInterface
public interface Prompter {

    String ask(String prompt, boolean secret);

    /** For batch use: any question is an error that says what was asked. */
    Prompter NONE = (prompt, secret) -> {
        throw new IllegalStateException(
                "cannot ask \"" + prompt + "\" here: no one to answer (use ssh-agent or a key without passphrase)");
    };
}
