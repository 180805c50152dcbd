#!/bin/bash
#PJM -L "node=16"
#PJM -L "rscgrp=small"
#PJM -L "elapse=08:00:00"
#PJM --mpi "max-proc-per-node=4"
#PJM –x MY_CACHE=/vol0001
#PJM -g hp000001
#PJM -j
#PJM -S

export OMP_NUM_THREADS=12
mpiexec -n 64 hostname
