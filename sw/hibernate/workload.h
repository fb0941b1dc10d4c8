/* The workload: memory filled with seeded pseudo-random pages, threaded by
   a linked list in shuffled order, with a checksum per page kept in a
   table that is itself in allocated (so imaged) memory. */
#pragma once
#include "kernel.h"

/* The first bytes of every workload page. */
struct wl_node {
  uint64_t magic;       /* WL_MAGIC ^ index */
  uint64_t index;       /* this page's index in the page table */
  uint64_t rank;        /* its position in the list */
  struct wl_node* next; /* the next page in the list (linear-map address), or 0 */
};

struct workload {
  uint64_t nr_pages, seed;
  struct wl_node** pages; /* page table: index -> page */
  uint64_t* sums;         /* checksum table: index -> checksum */
  uint64_t table_pages;   /* size of each table, in pages */
  struct wl_node* head;   /* first page of the list */
};
extern struct workload workload;

/* 0, or -1 when memory runs out. */
int workload_create(uint64_t bytes, uint64_t seed);
/* 0 when every page and the list are intact; otherwise prints the first
   mismatch and returns -1. */
int workload_verify(void);
