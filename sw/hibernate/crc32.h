/* CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, as zlib's crc32):
   crc = crc32_update(0, a, n); crc = crc32_update(crc, b, m); ... */
#pragma once
#include "kernel.h"

void crc32_init(void); /* builds the tables; once per boot, before any use */
uint32_t crc32_update(uint32_t crc, const void* buf, size_t len);
