#!/bin/bash -l

#$ -l gpu=2
#$ -l h_rt=1:30:0
#$ -cwd
#$ -ac allow=Q
#$ -l mem=8G

module purge
hostname
nvidia-smi || echo "no nvidia-smi"
