#!/bin/bash
#PJM -L "node=16"
#PJM -L "rscgrp=medium"
#PJM -L "elapse=08:00:00"
#PJM --mpi "max-proc-per-node=8"
#PJM –x MY_CACHE=/vol0001
#PJM -g hp000001
#PJM -j
#PJM -S

export OMP_NUM_THREADS=6
mpiexec -n 128 hostname
