package org.kmodel.kernel.scenario.model;

/**
 * {@code pin}: pins all or part of a region with FOLL_PIN, as a driver, RDMA or an io_uring fixed
 * buffer does ({@code pin_user_pages}), and names the pin so that {@code unpin} and the {@code
 * pin.<name>.<offset>} metric can use it.
 *
 * @param where where the op is written
 * @param pid the process whose pages are pinned
 * @param region the region
 * @param range the part pinned
 * @param name the pin's name
 * @param access {@code read} (a read-only pin) or {@code write} (FOLL_WRITE)
 * @param longterm FOLL_LONGTERM
 */
public record Pin(
    Location where,
    String pid,
    String region,
    Range range,
    String name,
    Access access,
    boolean longterm)
    implements Step {

  @Override
  public String op() {
    return "pin";
  }

  /** What the pin holder may do with the pages. */
  public enum Access {
    /** A read-only pin: the holder reads what the process writes. */
    READ,
    /** A read-write pin (FOLL_WRITE): the holder may write to the pages. */
    WRITE
  }
}
