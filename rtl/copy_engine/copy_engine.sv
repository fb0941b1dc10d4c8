// Copy engine: walks a restore_pblist in memory and copies each 4 KiB page
// from `address` to `orig_address` (Linux's RISC-V restore loop, in
// hardware). The contract -- registers, pbe format, memory and register
// ports -- is rtl/copy_engine/REGISTERS.md; the C++ twin is
// models/copy_engine/copy_engine_twin.{h,cpp}.
//
// The walk, one pbe at a time:
//   NEXT   pointer == 0 ends the run; LIST_LIMIT and alignment are checked
//   PBE    read the three words {address, orig_address, next} (one burst, or
//          two when the entry crosses a 4 KiB boundary)
//   CHECK  both pages must be 4 KiB aligned
//   COPY   read bursts into the beat FIFO (at most MAX_OUTSTANDING in
//          flight, each with its FIFO space reserved when issued), write
//          bursts out of it as soon as a whole burst is buffered; the page is
//          done when every write response is in
//   STOP   stop issuing; finish what the bus already accepted (read beats
//          are dropped, accepted write bursts get their data, responses are
//          collected), then end the run with DONE, ERROR and the interrupt
//
// Memory side: one request channel shared by reads and writes (a request,
// once valid, is held unchanged until accepted, as in AXI), write data only
// for requests already accepted, read data and write responses in order.
// Reads and write responses are always accepted while BUSY, so the engine
// never back-pressures the bus into a deadlock.
module copy_engine (
    input  logic        clk,
    input  logic        rst,               // synchronous, active high

    // Register port: combinational read, single-cycle write
    input  logic        reg_valid,
    input  logic        reg_write,
    input  logic [7:0]  reg_addr,
    input  logic [31:0] reg_wdata,
    output logic [31:0] reg_rdata,
    output logic        irq,               // IRQ_STATUS bit 0

    // Memory: burst requests (8-byte beats, never crossing 4 KiB)
    output logic        mem_req_valid,
    input  logic        mem_req_ready,
    output logic        mem_req_write,
    output logic [63:0] mem_req_addr,
    output logic [4:0]  mem_req_beats,

    // Memory: write beats, in request order
    output logic        mem_wdata_valid,
    input  logic        mem_wdata_ready,
    output logic [63:0] mem_wdata,
    output logic        mem_wdata_last,

    // Memory: read beats, in request order; an error on any beat is a bus error
    input  logic        mem_rdata_valid,
    output logic        mem_rdata_ready,
    input  logic [63:0] mem_rdata,
    input  logic        mem_rdata_last,
    input  logic        mem_rdata_error,

    // Memory: one response per write burst
    input  logic        mem_bresp_valid,
    output logic        mem_bresp_ready,
    input  logic        mem_bresp_error
);

  // ---------------------------------------------------------------- constants

  // Register offsets (REGISTERS.md)
  localparam logic [7:0] REG_ID              = 8'h00;
  localparam logic [7:0] REG_VERSION         = 8'h04;
  localparam logic [7:0] REG_CONTROL         = 8'h08;
  localparam logic [7:0] REG_STATUS          = 8'h0C;
  localparam logic [7:0] REG_LIST_HEAD_LO    = 8'h10;
  localparam logic [7:0] REG_LIST_HEAD_HI    = 8'h14;
  localparam logic [7:0] REG_VA_PA_OFFSET_LO = 8'h18;
  localparam logic [7:0] REG_VA_PA_OFFSET_HI = 8'h1C;
  localparam logic [7:0] REG_PAGES_COPIED    = 8'h20;
  localparam logic [7:0] REG_BURST_BEATS     = 8'h24;
  localparam logic [7:0] REG_MAX_OUTSTANDING = 8'h28;
  localparam logic [7:0] REG_LIST_LIMIT      = 8'h2C;
  localparam logic [7:0] REG_IRQ_STATUS      = 8'h30;

  localparam logic [31:0] ID_VALUE      = 32'h4350_5945;  // "EYPC" little-endian
  localparam logic [31:0] VERSION_VALUE = 32'd1;

  // STATUS.ERROR codes
  localparam logic [1:0] ERR_NONE       = 2'd0;
  localparam logic [1:0] ERR_MISALIGNED = 2'd1;
  localparam logic [1:0] ERR_BUS        = 2'd2;
  localparam logic [1:0] ERR_LIST_LIMIT = 2'd3;

  // A page is 512 beats of 8 bytes.
  localparam logic [9:0] PAGE_BEATS = 10'd512;
  // Beat FIFO: MAX_OUTSTANDING (8) x BURST_BEATS (16) beats, so reads are
  // never held back for space when writes keep up.
  localparam int         FIFO_DEPTH = 128;
  localparam logic [7:0] FIFO_BEATS = 8'd128;

  typedef enum logic [2:0] {
    S_IDLE,
    S_NEXT,
    S_PBE,
    S_CHECK,
    S_COPY,
    S_STOP
  } state_t;

  // ---------------------------------------------------------------- registers

  logic        irq_enable;
  logic        busy;
  logic        done;
  logic [1:0]  error_code;
  logic [63:0] list_head;
  logic [63:0] va_pa_offset;
  logic [31:0] pages_copied;
  logic [4:0]  burst_beats;       // always 1..16
  logic [3:0]  max_outstanding;   // always 1..8
  logic [31:0] list_limit;
  logic        irq_status;

  // ---------------------------------------------------------------- walk state

  state_t      state;
  logic [63:0] pbe_va;            // the entry being fetched (virtual)
  logic [63:0] pbe_pa;            // ... and its physical address
  logic [31:0] entries;           // entries fetched in this run
  logic [1:0]  pbe_issued;        // pbe words requested (0..3)
  logic [1:0]  pbe_received;      // pbe words received (0..3)
  logic [63:0] pbe_address;       // pbe.address (virtual)
  logic [63:0] pbe_orig_address;  // pbe.orig_address (virtual)
  logic [63:0] pbe_next;          // pbe.next (virtual)
  logic [51:0] src_page;          // physical page numbers of the copy
  logic [51:0] dst_page;

  // Copy of one page, counted in beats
  logic [9:0]  rd_issued;         // read beats requested
  logic [7:0]  rd_inflight;       // read beats requested, not yet received (FIFO space reserved)
  logic [3:0]  rd_bursts;         // read bursts requested, last beat not yet received (pbe too)
  logic [9:0]  wr_issued;         // write beats requested
  logic [9:0]  wr_accepted;       // write beats whose request was accepted
  logic [9:0]  wd_sent;           // write beats sent
  logic [4:0]  wd_left;           // beats left in the current write-data burst (0: none started)
  logic [9:0]  wr_pending;        // accepted write bursts awaiting their response

  // Beat FIFO
  logic [63:0] fifo_mem [FIFO_DEPTH];
  logic [6:0]  fifo_wp;
  logic [6:0]  fifo_rp;
  logic [7:0]  fifo_count;

  // Request register (held until accepted)
  logic        req_valid;
  logic        req_write;
  logic [63:0] req_addr;
  logic [4:0]  req_beats;

  // ---------------------------------------------------------------- handshakes

  logic req_fire, rd_fire, wd_fire, b_fire;
  assign req_fire = mem_req_valid && mem_req_ready;
  assign rd_fire  = mem_rdata_valid && mem_rdata_ready;
  assign wd_fire  = mem_wdata_valid && mem_wdata_ready;
  assign b_fire   = mem_bresp_valid && mem_bresp_ready;

  logic bus_error;
  assign bus_error = (rd_fire && mem_rdata_error) || (b_fire && mem_bresp_error);

  logic reg_wr, start;
  assign reg_wr = reg_valid && reg_write;
  assign start  = reg_wr && reg_addr == REG_CONTROL && reg_wdata[0] && !busy;

  // ---------------------------------------------------------------- addresses

  logic [63:0] ptr_pa, src_pa, dst_pa;
  assign ptr_pa = pbe_va + va_pa_offset;            // used in NEXT
  assign src_pa = pbe_address + va_pa_offset;       // used in CHECK
  assign dst_pa = pbe_orig_address + va_pa_offset;

  // ---------------------------------------------------------------- request choice

  function automatic logic [4:0] min_beats(input logic [4:0] burst, input logic [9:0] left);
    min_beats = (left < {5'd0, burst}) ? left[4:0] : burst;
  endfunction

  logic [4:0]  rd_len, wr_len, pbe_len;
  logic [63:0] pbe_req_addr;
  logic [9:0]  pbe_to_boundary;     // beats before the next 4 KiB boundary (1..512)
  logic [9:0]  pbe_words_left;      // 1..3
  logic [10:0] wr_data_free;        // buffered beats not yet claimed by a write request
  logic [8:0]  rd_space_needed;

  assign rd_len = min_beats(burst_beats, PAGE_BEATS - rd_issued);
  assign wr_len = min_beats(burst_beats, PAGE_BEATS - wr_issued);

  assign pbe_req_addr    = pbe_pa + {59'd0, pbe_issued, 3'b000};
  assign pbe_to_boundary = PAGE_BEATS - {1'b0, pbe_req_addr[11:3]};
  assign pbe_words_left  = 10'd3 - {8'd0, pbe_issued};
  assign pbe_len         = (pbe_to_boundary < pbe_words_left) ? pbe_to_boundary[4:0]
                                                              : pbe_words_left[4:0];

  assign wr_data_free    = {3'd0, fifo_count} + {1'b0, wd_sent} - {1'b0, wr_issued};
  assign rd_space_needed = {1'b0, fifo_count} + {1'b0, rd_inflight} + {4'd0, rd_len};

  logic want_wr, want_rd, want_pbe, can_load, issue_wr, issue_rd, issue_pbe;
  assign want_wr  = state == S_COPY && wr_issued != PAGE_BEATS
                    && wr_data_free >= {6'd0, wr_len};
  assign want_rd  = state == S_COPY && rd_issued != PAGE_BEATS
                    && rd_bursts < max_outstanding
                    && rd_space_needed <= {1'b0, FIFO_BEATS};
  assign want_pbe = state == S_PBE && pbe_issued != 2'd3 && rd_bursts < max_outstanding;
  assign can_load = !req_valid || mem_req_ready;
  // Writes first: they free FIFO space for the next reads.
  assign issue_wr  = can_load && want_wr;
  assign issue_rd  = can_load && !want_wr && want_rd;
  assign issue_pbe = can_load && want_pbe;

  assign mem_req_valid = req_valid;
  assign mem_req_write = req_write;
  assign mem_req_addr  = req_addr;
  assign mem_req_beats = req_beats;

  always_ff @(posedge clk) begin
    if (rst) begin
      req_valid <= 1'b0;
      req_write <= 1'b0;
      req_addr  <= 64'd0;
      req_beats <= 5'd0;
    end else if (issue_wr) begin
      req_valid <= 1'b1;
      req_write <= 1'b1;
      req_addr  <= {dst_page, wr_issued[8:0], 3'b000};
      req_beats <= wr_len;
    end else if (issue_rd) begin
      req_valid <= 1'b1;
      req_write <= 1'b0;
      req_addr  <= {src_page, rd_issued[8:0], 3'b000};
      req_beats <= rd_len;
    end else if (issue_pbe) begin
      req_valid <= 1'b1;
      req_write <= 1'b0;
      req_addr  <= pbe_req_addr;
      req_beats <= pbe_len;
    end else if (req_fire) begin
      req_valid <= 1'b0;
    end
  end

  // ---------------------------------------------------------------- data channels

  // Read beats and write responses are always taken while a run is going on.
  assign mem_rdata_ready = busy;
  assign mem_bresp_ready = busy;

  logic fifo_push, fifo_pop;
  assign fifo_push = rd_fire && !mem_rdata_error && state == S_COPY;
  assign fifo_pop  = wd_fire;

  // Write data: only for requests already accepted; the FIFO holds it
  // because a write is requested only when its beats are buffered.
  logic [4:0] wd_burst_left;
  assign wd_burst_left   = (wd_left == 5'd0) ? min_beats(burst_beats, PAGE_BEATS - wd_sent) : wd_left;
  assign mem_wdata_valid = wd_sent != wr_accepted;
  assign mem_wdata       = fifo_mem[fifo_rp];
  assign mem_wdata_last  = wd_burst_left == 5'd1;

  always_ff @(posedge clk) begin
    if (fifo_push) fifo_mem[fifo_wp] <= mem_rdata;
  end

  logic page_start;
  assign page_start = state == S_CHECK && src_pa[11:0] == 12'd0 && dst_pa[11:0] == 12'd0;

  always_ff @(posedge clk) begin
    if (rst || page_start) begin
      rd_issued   <= 10'd0;
      rd_inflight <= 8'd0;
      wr_issued   <= 10'd0;
      wr_accepted <= 10'd0;
      wd_sent     <= 10'd0;
      wd_left     <= 5'd0;
      fifo_wp     <= 7'd0;
      fifo_rp     <= 7'd0;
      fifo_count  <= 8'd0;
    end else begin
      if (issue_rd) rd_issued <= rd_issued + {5'd0, rd_len};
      if (issue_wr) wr_issued <= wr_issued + {5'd0, wr_len};
      if (req_fire && req_write) wr_accepted <= wr_accepted + {5'd0, req_beats};
      rd_inflight <= rd_inflight + (issue_rd ? {3'd0, rd_len} : 8'd0)
                     - ((rd_fire && state == S_COPY) ? 8'd1 : 8'd0);
      if (wd_fire) begin
        wd_sent <= wd_sent + 10'd1;
        wd_left <= wd_burst_left - 5'd1;
      end
      if (fifo_push) fifo_wp <= fifo_wp + 7'd1;
      if (fifo_pop) fifo_rp <= fifo_rp + 7'd1;
      fifo_count <= fifo_count + (fifo_push ? 8'd1 : 8'd0) - (fifo_pop ? 8'd1 : 8'd0);
    end
  end

  // Bursts in flight, counted across the whole run (pbe reads too); the
  // guards keep a misbehaving bus from wrapping the counters.
  always_ff @(posedge clk) begin
    if (rst) begin
      rd_bursts  <= 4'd0;
      wr_pending <= 10'd0;
    end else begin
      rd_bursts <= rd_bursts + ((issue_rd || issue_pbe) ? 4'd1 : 4'd0)
                   - ((rd_fire && mem_rdata_last && rd_bursts != 4'd0) ? 4'd1 : 4'd0);
      wr_pending <= wr_pending + ((req_fire && req_write) ? 10'd1 : 10'd0)
                    - ((b_fire && wr_pending != 10'd0) ? 10'd1 : 10'd0);
    end
  end

  // ---------------------------------------------------------------- the walk

  logic page_done, quiet, finish;
  assign page_done = wd_sent == PAGE_BEATS && wr_pending == 10'd0;
  assign quiet     = !req_valid && rd_bursts == 4'd0 && wd_sent == wr_accepted && wr_pending == 10'd0;
  assign finish    = state == S_STOP && quiet;

  always_ff @(posedge clk) begin
    if (rst) begin
      state            <= S_IDLE;
      busy             <= 1'b0;
      done             <= 1'b0;
      error_code       <= ERR_NONE;
      pages_copied     <= 32'd0;
      entries          <= 32'd0;
      pbe_va           <= 64'd0;
      pbe_pa           <= 64'd0;
      pbe_issued       <= 2'd0;
      pbe_received     <= 2'd0;
      pbe_address      <= 64'd0;
      pbe_orig_address <= 64'd0;
      pbe_next         <= 64'd0;
      src_page         <= 52'd0;
      dst_page         <= 52'd0;
    end else begin
      if (issue_pbe) pbe_issued <= pbe_issued + pbe_len[1:0];

      unique case (state)
        S_IDLE: begin
          if (start) begin
            busy         <= 1'b1;
            done         <= 1'b0;
            error_code   <= ERR_NONE;
            pages_copied <= 32'd0;
            entries      <= 32'd0;
            pbe_va       <= list_head;
            state        <= S_NEXT;
          end
        end

        S_NEXT: begin
          if (pbe_va == 64'd0) begin
            state <= S_STOP;                      // end of the list
          end else if (entries >= list_limit) begin
            error_code <= ERR_LIST_LIMIT;
            state      <= S_STOP;
          end else if (pbe_va[2:0] != 3'd0 || ptr_pa[2:0] != 3'd0) begin
            error_code <= ERR_MISALIGNED;
            state      <= S_STOP;
          end else begin
            entries      <= entries + 32'd1;
            pbe_pa       <= ptr_pa;
            pbe_issued   <= 2'd0;
            pbe_received <= 2'd0;
            state        <= S_PBE;
          end
        end

        S_PBE: begin
          if (rd_fire && mem_rdata_error) begin
            error_code <= ERR_BUS;
            state      <= S_STOP;
          end else if (rd_fire) begin
            unique case (pbe_received)
              2'd0:    pbe_address      <= mem_rdata;
              2'd1:    pbe_orig_address <= mem_rdata;
              default: pbe_next         <= mem_rdata;
            endcase
            pbe_received <= pbe_received + 2'd1;
          end else if (pbe_received == 2'd3) begin
            state <= S_CHECK;
          end
        end

        S_CHECK: begin
          if (page_start) begin
            src_page <= src_pa[63:12];
            dst_page <= dst_pa[63:12];
            state    <= S_COPY;
          end else begin
            error_code <= ERR_MISALIGNED;
            state      <= S_STOP;
          end
        end

        S_COPY: begin
          if (bus_error) begin
            error_code <= ERR_BUS;
            state      <= S_STOP;
          end else if (page_done) begin
            pages_copied <= pages_copied + 32'd1;
            pbe_va       <= pbe_next;
            state        <= S_NEXT;
          end
        end

        S_STOP: begin
          // A late bus error of an accepted burst is reported too, unless
          // an earlier error already is.
          if (bus_error && error_code == ERR_NONE) error_code <= ERR_BUS;
          if (finish) begin
            busy  <= 1'b0;
            done  <= 1'b1;
            state <= S_IDLE;
          end
        end

        default: state <= S_IDLE;
      endcase
    end
  end

  // ---------------------------------------------------------------- register port

  always_ff @(posedge clk) begin
    if (rst) begin
      irq_enable      <= 1'b0;
      list_head       <= 64'd0;
      va_pa_offset    <= 64'd0;
      burst_beats     <= 5'd8;
      max_outstanding <= 4'd4;
      list_limit      <= 32'h0010_0000;
      irq_status      <= 1'b0;
    end else begin
      if (reg_wr && reg_addr == REG_CONTROL) irq_enable <= reg_wdata[1];
      // Everything but CONTROL is frozen while BUSY.
      if (reg_wr && !busy) begin
        unique case (reg_addr)
          REG_LIST_HEAD_LO:    list_head[31:0]     <= reg_wdata;
          REG_LIST_HEAD_HI:    list_head[63:32]    <= reg_wdata;
          REG_VA_PA_OFFSET_LO: va_pa_offset[31:0]  <= reg_wdata;
          REG_VA_PA_OFFSET_HI: va_pa_offset[63:32] <= reg_wdata;
          REG_BURST_BEATS:
            burst_beats <= (reg_wdata >= 32'd1 && reg_wdata <= 32'd16) ? reg_wdata[4:0] : 5'd16;
          REG_MAX_OUTSTANDING:
            max_outstanding <= (reg_wdata >= 32'd1 && reg_wdata <= 32'd8) ? reg_wdata[3:0] : 4'd8;
          REG_LIST_LIMIT:      list_limit          <= reg_wdata;
          REG_IRQ_STATUS:      if (reg_wdata[0]) irq_status <= 1'b0;
          default: ;
        endcase
      end
      // A run ends (DONE or error) with IRQ_ENABLE set.
      if (finish && irq_enable) irq_status <= 1'b1;
    end
  end

  assign irq = irq_status;

  always_comb begin
    unique case (reg_addr)
      REG_ID:              reg_rdata = ID_VALUE;
      REG_VERSION:         reg_rdata = VERSION_VALUE;
      REG_CONTROL:         reg_rdata = {30'd0, irq_enable, 1'b0};
      REG_STATUS:          reg_rdata = {16'd0, 6'd0, error_code, 6'd0, done, busy};
      REG_LIST_HEAD_LO:    reg_rdata = list_head[31:0];
      REG_LIST_HEAD_HI:    reg_rdata = list_head[63:32];
      REG_VA_PA_OFFSET_LO: reg_rdata = va_pa_offset[31:0];
      REG_VA_PA_OFFSET_HI: reg_rdata = va_pa_offset[63:32];
      REG_PAGES_COPIED:    reg_rdata = pages_copied;
      REG_BURST_BEATS:     reg_rdata = {27'd0, burst_beats};
      REG_MAX_OUTSTANDING: reg_rdata = {28'd0, max_outstanding};
      REG_LIST_LIMIT:      reg_rdata = list_limit;
      REG_IRQ_STATUS:      reg_rdata = {31'd0, irq_status};
      default:             reg_rdata = 32'd0;
    endcase
  end

endmodule
