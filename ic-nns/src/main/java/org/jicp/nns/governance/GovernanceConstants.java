package org.jicp.nns.governance;

/**
 * The governance constants of {@code rs/nns/governance} (and {@code ic_nervous_system_common}),
 * in seconds unless named otherwise.
 */
public final class GovernanceConstants {
  /** {@code ONE_DAY_SECONDS}. */
  public static final long ONE_DAY_SECONDS = 24 * 60 * 60;
  /** {@code ONE_YEAR_SECONDS}: 365.25 days. */
  public static final long ONE_YEAR_SECONDS = (4 * 365 + 1) * ONE_DAY_SECONDS / 4;
  /** {@code ONE_MONTH_SECONDS}: a twelfth of a year. */
  public static final long ONE_MONTH_SECONDS = ONE_YEAR_SECONDS / 12;
  /** {@code MAX_DISSOLVE_DELAY_SECONDS}: 8 years. */
  public static final long MAX_DISSOLVE_DELAY_SECONDS = 8 * ONE_YEAR_SECONDS;
  /** {@code MAX_NEURON_AGE_FOR_AGE_BONUS}: 4 years. */
  public static final long MAX_NEURON_AGE_FOR_AGE_BONUS = 4 * ONE_YEAR_SECONDS;
  /** {@code MIN_DISSOLVE_DELAY_FOR_VOTE_ELIGIBILITY_SECONDS}: 6 months. */
  public static final long MIN_DISSOLVE_DELAY_FOR_VOTE_ELIGIBILITY_SECONDS = 6 * ONE_MONTH_SECONDS;
  /** {@code MAX_FOLLOWEES_PER_TOPIC}. */
  public static final int MAX_FOLLOWEES_PER_TOPIC = 15;
  /** {@code MAX_NUM_HOT_KEYS_PER_NEURON}. */
  public static final int MAX_NUM_HOT_KEYS_PER_NEURON = 10;
  /** The initial voting period of a proposal ({@code wait_for_quiet_threshold_seconds}): 4 days. */
  public static final long INITIAL_VOTING_PERIOD_SECONDS = 4 * ONE_DAY_SECONDS;
  /** The voting period of exchange-rate and neuron-management proposals: 12 hours. */
  public static final long SHORT_VOTING_PERIOD_SECONDS = 12 * 60 * 60;
  /**
   * {@code WAIT_FOR_QUIET_DEADLINE_INCREASE_SECONDS}: 1 day; a proposal's deadline moves by at most
   * twice this, 2 days.
   */
  public static final long WAIT_FOR_QUIET_DEADLINE_INCREASE_SECONDS = ONE_DAY_SECONDS;
  /** {@code MIN_NUMBER_VOTES_FOR_PROPOSAL_RATIO}: yes must reach 3 % of the total at the deadline. */
  public static final double MIN_NUMBER_VOTES_FOR_PROPOSAL_RATIO = 0.03;
  /** {@code REWARD_DISTRIBUTION_PERIOD_SECONDS}: rewards are distributed daily. */
  public static final long REWARD_DISTRIBUTION_PERIOD_SECONDS = ONE_DAY_SECONDS;
  /** {@code INITIAL_VOTING_REWARD_RELATIVE_RATE}: 10 % a year at genesis. */
  public static final double INITIAL_VOTING_REWARD_RELATIVE_RATE = 0.10;
  /** {@code FINAL_VOTING_REWARD_RELATIVE_RATE}: 5 % a year from 8 years after genesis. */
  public static final double FINAL_VOTING_REWARD_RELATIVE_RATE = 0.05;
  /** {@code AVERAGE_DAYS_PER_YEAR}. */
  public static final double AVERAGE_DAYS_PER_YEAR = 365.25;
  /** {@code REWARD_FLATTENING_DATE}: 8 years after genesis, in days. */
  public static final double REWARD_FLATTENING_DAYS = 8 * AVERAGE_DAYS_PER_YEAR;
  /** The dissolve delay of a newly claimed neuron ({@code INITIAL_NEURON_DISSOLVE_DELAY}): 7 days. */
  public static final long INITIAL_NEURON_DISSOLVE_DELAY = 7 * ONE_DAY_SECONDS;
  /** Proposal title length bounds in bytes. */
  public static final int PROPOSAL_TITLE_BYTES_MIN = 5;
  /** Proposal title length bounds in bytes. */
  public static final int PROPOSAL_TITLE_BYTES_MAX = 256;
  /** {@code PROPOSAL_SUMMARY_BYTES_MAX}. */
  public static final int PROPOSAL_SUMMARY_BYTES_MAX = 30_000;
  /** {@code PROPOSAL_URL_CHAR_MAX}. */
  public static final int PROPOSAL_URL_CHAR_MAX = 2048;
  /** {@code PROPOSAL_MOTION_TEXT_BYTES_MAX}. */
  public static final int PROPOSAL_MOTION_TEXT_BYTES_MAX = 10_000;

  private GovernanceConstants() {}
}
