package org.hpckernel.cluster.profile;

/** The profile this kernel uses and why: so a user can tell which rule picked it. */
public record ProfileChoice(Profile profile, String reason) {

    @Override
    public String toString() {
        return profile.name() + " (" + reason + ")";
    }
}
