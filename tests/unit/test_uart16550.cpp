#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "models/common/stats.h"
#include "models/periph/uart16550.h"
#include "tests/unit/tlm_test_initiator.h"

namespace torpor {
namespace {

using sc_core::SC_NS;
using test::TlmTestInitiator;
using U = Uart16550;

// A UART writing into a string, its irq on a signal, and a test initiator.
struct UartBench {
  std::ostringstream out;
  sc_core::sc_signal<bool> irq{"irq_signal"};
  Uart16550 uart;
  TlmTestInitiator cpu{"cpu"};

  explicit UartBench(unsigned reg_shift = 0) : uart("uart", out, reg_shift) {
    uart.irq.bind(irq);
    cpu.socket.bind(uart.socket);
  }
};

TEST(Uart16550, ThrWritesGoToOutput) {
  UartBench b;
  StatsRegistry stats;
  b.uart.register_stats(stats);
  b.cpu.run([&] {
    for (char c : std::string("hi\n")) EXPECT_EQ(b.cpu.write8(U::thr, static_cast<uint8_t>(c)), tlm::TLM_OK_RESPONSE);
  });
  sc_core::sc_start();
  EXPECT_TRUE(b.cpu.finished());
  EXPECT_EQ(b.out.str(), "hi\n");
  ASSERT_EQ(stats.snapshot().at(0).name, "uart.tx_bytes");
  EXPECT_EQ(stats.snapshot().at(0).value, 3);
}

TEST(Uart16550, LineObserverSeesEachLineWithoutLineEndings) {
  UartBench b;
  std::vector<std::string> lines;
  b.uart.set_line_observer([&](const std::string& line) { lines.push_back(line); });
  b.cpu.run([&] {
    for (char c : std::string("one\r\ntwo\n\nthree")) b.cpu.write8(U::thr, static_cast<uint8_t>(c));
  });
  sc_core::sc_start();
  EXPECT_EQ(b.out.str(), "one\r\ntwo\n\nthree");  // the console is unchanged
  EXPECT_EQ(lines, (std::vector<std::string>{"one", "two", ""}));  // "three" is not a line yet
}

TEST(Uart16550, LsrShowsTransmitterEmptyAndDataReady) {
  UartBench b;
  b.cpu.run([&] {
    EXPECT_EQ(b.cpu.read8(U::lsr), U::lsr_thre | U::lsr_temt);
    b.uart.receive('x');
    EXPECT_EQ(b.cpu.read8(U::lsr), U::lsr_thre | U::lsr_temt | U::lsr_dr);
    EXPECT_EQ(b.cpu.read8(U::rbr), 'x');
    EXPECT_EQ(b.cpu.read8(U::lsr) & U::lsr_dr, 0);
  });
  sc_core::sc_start();
  EXPECT_TRUE(b.cpu.finished());
}

TEST(Uart16550, BytesReceivedBeforeStartWaitInFifo) {
  UartBench b;
  b.uart.receive('s');  // console input queued while the platform is built
  b.cpu.run([&] {
    b.cpu.write8(U::ier, U::ier_erbfi);
    sc_core::wait(1, SC_NS);
    EXPECT_TRUE(b.irq.read());
    EXPECT_EQ(b.cpu.read8(U::rbr), 's');
  });
  sc_core::sc_start();
  EXPECT_TRUE(b.cpu.finished());
}

TEST(Uart16550, RxFifoDeliversBytesInOrder) {
  UartBench b;
  b.cpu.run([&] {
    b.cpu.write8(U::fcr, U::fcr_fifo_enable);
    for (char c : std::string("abc")) b.uart.receive(static_cast<uint8_t>(c));
    EXPECT_EQ(b.cpu.read8(U::rbr), 'a');
    EXPECT_EQ(b.cpu.read8(U::rbr), 'b');
    EXPECT_EQ(b.cpu.read8(U::rbr), 'c');
    EXPECT_EQ(b.cpu.read8(U::lsr) & U::lsr_dr, 0);
  });
  sc_core::sc_start();
  EXPECT_TRUE(b.cpu.finished());
}

TEST(Uart16550, FullRxFifoDropsByteAndSetsOverrunUntilLsrRead) {
  UartBench b;
  StatsRegistry stats;
  b.uart.register_stats(stats);
  b.cpu.run([&] {
    for (unsigned i = 0; i < U::rx_fifo_depth + 1; ++i) b.uart.receive(static_cast<uint8_t>('A' + i));
    EXPECT_EQ(b.cpu.read8(U::lsr), U::lsr_thre | U::lsr_temt | U::lsr_dr | U::lsr_oe);
    EXPECT_EQ(b.cpu.read8(U::lsr) & U::lsr_oe, 0);  // reading LSR cleared it
    std::string got;
    while (b.cpu.read8(U::lsr) & U::lsr_dr) got.push_back(static_cast<char>(b.cpu.read8(U::rbr)));
    EXPECT_EQ(got, "ABCDEFGHIJKLMNOP");  // the 17th byte, 'Q', was lost
  });
  sc_core::sc_start();
  EXPECT_TRUE(b.cpu.finished());
  EXPECT_EQ(stats.snapshot().at(1).name, "uart.rx_bytes");
  EXPECT_EQ(stats.snapshot().at(1).value, 16);
}

TEST(Uart16550, DlabSwitchesToDivisorLatches) {
  UartBench b;
  b.cpu.run([&] {
    b.cpu.write8(U::ier, 0x05);
    b.cpu.write8(U::lcr, U::lcr_dlab | 0x03);
    b.cpu.write8(U::dll, 0x12);
    b.cpu.write8(U::dlm, 0x34);
    EXPECT_EQ(b.cpu.read8(U::dll), 0x12);
    EXPECT_EQ(b.cpu.read8(U::dlm), 0x34);
    b.cpu.write8(U::lcr, 0x03);
    EXPECT_EQ(b.cpu.read8(U::lcr), 0x03);
    EXPECT_EQ(b.cpu.read8(U::ier), 0x05);  // IER untouched by the DLM write
  });
  sc_core::sc_start();
  EXPECT_TRUE(b.cpu.finished());
  EXPECT_EQ(b.out.str(), "");  // the DLL write did not transmit
}

TEST(Uart16550, RxDataInterruptUntilFifoDrained) {
  UartBench b;
  b.cpu.run([&] {
    b.cpu.write8(U::ier, U::ier_erbfi);
    EXPECT_EQ(b.cpu.read8(U::iir), U::iir_no_interrupt);
    b.uart.receive('z');
    EXPECT_EQ(b.cpu.read8(U::iir), U::iir_rx_data);
    sc_core::wait(1, SC_NS);
    EXPECT_TRUE(b.irq.read());
    EXPECT_EQ(b.cpu.read8(U::rbr), 'z');
    EXPECT_EQ(b.cpu.read8(U::iir), U::iir_no_interrupt);
    sc_core::wait(1, SC_NS);
    EXPECT_FALSE(b.irq.read());
  });
  sc_core::sc_start();
  EXPECT_TRUE(b.cpu.finished());
}

TEST(Uart16550, ThrEmptyInterruptClearedByIirReadUntilNextThrWrite) {
  UartBench b;
  b.cpu.run([&] {
    b.cpu.write8(U::ier, U::ier_etbei);  // enabling it with THR empty raises it
    sc_core::wait(1, SC_NS);
    EXPECT_TRUE(b.irq.read());
    EXPECT_EQ(b.cpu.read8(U::iir), U::iir_thr_empty);
    EXPECT_EQ(b.cpu.read8(U::iir), U::iir_no_interrupt);  // the first read cleared it
    sc_core::wait(1, SC_NS);
    EXPECT_FALSE(b.irq.read());
    b.cpu.write8(U::thr, '.');
    EXPECT_EQ(b.cpu.read8(U::iir), U::iir_thr_empty);
  });
  sc_core::sc_start();
  EXPECT_TRUE(b.cpu.finished());
}

TEST(Uart16550, RxDataOutranksThrEmpty) {
  UartBench b;
  b.cpu.run([&] {
    b.cpu.write8(U::ier, U::ier_erbfi | U::ier_etbei);
    b.uart.receive('1');
    EXPECT_EQ(b.cpu.read8(U::iir), U::iir_rx_data);
    b.cpu.read8(U::rbr);
    EXPECT_EQ(b.cpu.read8(U::iir), U::iir_thr_empty);
  });
  sc_core::sc_start();
  EXPECT_TRUE(b.cpu.finished());
}

TEST(Uart16550, OverrunRaisesLineStatusInterruptWhenEnabled) {
  UartBench b;
  b.cpu.run([&] {
    b.cpu.write8(U::ier, U::ier_elsi | U::ier_erbfi);
    for (unsigned i = 0; i < U::rx_fifo_depth + 1; ++i) b.uart.receive('x');
    EXPECT_EQ(b.cpu.read8(U::iir), U::iir_line_status);
    b.cpu.read8(U::lsr);
    EXPECT_EQ(b.cpu.read8(U::iir), U::iir_rx_data);
  });
  sc_core::sc_start();
  EXPECT_TRUE(b.cpu.finished());
}

TEST(Uart16550, IirShowsFifosEnabled) {
  UartBench b;
  b.cpu.run([&] {
    b.cpu.write8(U::fcr, U::fcr_fifo_enable | U::fcr_rx_fifo_reset | U::fcr_tx_fifo_reset);
    EXPECT_EQ(b.cpu.read8(U::iir), U::iir_fifos_enabled | U::iir_no_interrupt);
    b.uart.receive('q');
    b.cpu.write8(U::fcr, U::fcr_fifo_enable | U::fcr_rx_fifo_reset);  // flushes the RX FIFO
    EXPECT_EQ(b.cpu.read8(U::lsr) & U::lsr_dr, 0);
    b.cpu.write8(U::fcr, 0);
    EXPECT_EQ(b.cpu.read8(U::iir), U::iir_no_interrupt);
  });
  sc_core::sc_start();
  EXPECT_TRUE(b.cpu.finished());
}

TEST(Uart16550, ScratchAndModemControlReadBack) {
  UartBench b;
  b.cpu.run([&] {
    b.cpu.write8(U::scr, 0x5a);
    EXPECT_EQ(b.cpu.read8(U::scr), 0x5a);
    b.cpu.write8(U::mcr, 0xff);
    EXPECT_EQ(b.cpu.read8(U::mcr), 0x1f);  // bits 7:5 are always 0
  });
  sc_core::sc_start();
  EXPECT_TRUE(b.cpu.finished());
}

TEST(Uart16550, LoopbackFeedsReceiverAndModemLines) {
  UartBench b;
  b.cpu.run([&] {
    b.cpu.write8(U::mcr, U::mcr_loop | 0x0a);  // loop, RTS, OUT2: what Linux probes with
    EXPECT_EQ(b.cpu.read8(U::msr) & 0xf0, 0x90);  // CTS and DCD
    b.cpu.write8(U::thr, 'L');
    EXPECT_EQ(b.cpu.read8(U::lsr) & U::lsr_dr, U::lsr_dr);
    EXPECT_EQ(b.cpu.read8(U::rbr), 'L');
    b.cpu.write8(U::mcr, 0);
    EXPECT_EQ(b.cpu.read8(U::msr), 0xb0);  // a terminal is attached
  });
  sc_core::sc_start();
  EXPECT_TRUE(b.cpu.finished());
  EXPECT_EQ(b.out.str(), "");
}

TEST(Uart16550, RegShiftSpacesRegistersAndAcceptsWordAccess) {
  UartBench b(2);
  b.cpu.run([&] {
    EXPECT_EQ(b.cpu.write32(U::scr << 2, 0xffffff77), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(b.cpu.read32(U::scr << 2), 0x77u);  // upper bytes read as 0
    EXPECT_EQ(b.cpu.read16(U::lsr << 2), U::lsr_thre | U::lsr_temt);
    b.cpu.write32(U::thr, 'W');
    b.cpu.read8((U::scr << 2) + 1);
    EXPECT_EQ(b.cpu.last_status(), tlm::TLM_ADDRESS_ERROR_RESPONSE);
    b.cpu.read8(8 << 2);
    EXPECT_EQ(b.cpu.last_status(), tlm::TLM_ADDRESS_ERROR_RESPONSE);
    b.cpu.read64(0);
    EXPECT_EQ(b.cpu.last_status(), tlm::TLM_BURST_ERROR_RESPONSE);
  });
  sc_core::sc_start();
  EXPECT_TRUE(b.cpu.finished());
  EXPECT_EQ(b.out.str(), "W");
}

TEST(Uart16550, DebugReadDoesNotPopFifoOrClearStatus) {
  UartBench b;
  b.cpu.run([&] {
    for (unsigned i = 0; i < U::rx_fifo_depth + 1; ++i) b.uart.receive('d');
    uint8_t regs[8] = {};
    EXPECT_EQ(b.cpu.debug_read(0, regs, 8), 8u);
    EXPECT_EQ(regs[U::rbr], 'd');
    EXPECT_EQ(regs[U::lsr] & U::lsr_oe, U::lsr_oe);
    EXPECT_EQ(b.cpu.read8(U::lsr) & U::lsr_oe, U::lsr_oe);  // still set for the guest
    const uint8_t byte = 'n';
    EXPECT_EQ(b.cpu.debug_write(U::thr, &byte, 1), 0u);
  });
  sc_core::sc_start();
  EXPECT_TRUE(b.cpu.finished());
  EXPECT_EQ(b.out.str(), "");
}

}  // namespace
}  // namespace torpor
