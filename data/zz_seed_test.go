package data_test

import (
	"os"
	"strconv"
)

func synthSeedFromEnv(d uint64) uint64 {
	if s := os.Getenv("SEED"); s != "" {
		n, _ := strconv.Atoi(s)
		return uint64(n)
	}
	return d
}
