package org.hpckernel.kernel;

/**
 * Cell ids of notebooks/01-slurm-basics.ipynb, which 04-grid-engine.ipynb repeats unchanged (same
 * cells, same ids). The ids are the ones Jupyter gave the cells; the names here say what each cell is.
 */
final class SlurmBasicsCells {

    static final String PROFILE_LIST = "fa8696da";
    static final String PROFILE_TEST = "36cd421c";
    static final String SUBMIT_HELLO = "6dc152d2";
    static final String FOLLOW_LOGS = "f65681cc";
    static final String WAIT_HELLO = "6283cc6c";
    static final String TAIL_LOGS = "c2628087";
    static final String CONTAINER_DRY_RUN = "216b23d2";
    static final String CANCEL_LONG = "9de216ae";
    static final String WAIT_LONG = "1df40e47";
    static final String JOBS = "06d99736";

    private SlurmBasicsCells() {}
}
