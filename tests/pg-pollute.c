// tests/pg-turn-replay.sh (SCRIPT.sql@pollute): sweeps a buffer of MB megabytes a cache line at a time, for ever: the caches another process finds after it.
#include <stdlib.h>
#include <stdint.h>
int main(int argc, char **argv) {
  size_t n = (size_t)(argc > 1 ? atof(argv[1]) : 8) * 1024 * 1024;
  volatile uint8_t *b = malloc(n);
  for (;;) for (size_t i = 0; i < n; i += 64) b[i]++;
}
