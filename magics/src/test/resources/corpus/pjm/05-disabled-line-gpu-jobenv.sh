#!/bin/bash

#PJM -g gt99
###PJM -L rscgrp=tutorial-b
#PJM -L rscgrp=lecture-b
#PJM -L gpu=2
#PJM -L elapse=00:04:00
#PJM -L jobenv=singularity

cd "$PJM_O_WORKDIR"
module load singularity/3

SIF=$(pwd)/demo.sif
# singularity exec --nv $SIF python3 -c 'print(1)'
echo "would run ${SIF} with 2 GPUs"
