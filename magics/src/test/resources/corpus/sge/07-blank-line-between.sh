#!/bin/bash -l

#$ -N pibench
#$ -l h_rt=00:10:00
#$ -l mem=1G

#$ -cwd

: > timing.csv
for n in 10000 100000 1000000
do
  t=$(python3 -c "import time, sys; n = int(sys.argv[1]); s = time.time(); sum(4.0 * (-1) ** k / (2 * k + 1) for k in range(n)); print(round(time.time() - s, 4))" $n)
  echo "${n}|${t}" >> timing.csv
done
cat timing.csv
