#!/bin/sh

# reserve slots as they free up
#$ -R y

# two slots in the parallel environment
#$ -pe threads 2

# memory per slot
#$ -l h_vmem=2G

# run time
#$ -l h_rt=00:30:00

# run with bash
#$ -S /bin/bash

# start in the submission folder
#$ -cwd

# mail at begin, end and suspend
#$ -m bes

python3 -c 'import os; print("slots", os.environ.get("NSLOTS"))' > slots.log

## other ways to run it (comments only):
#python3 -c 'print(1)' > slots.log
