//! Every limit the simulator enforces, in one place: how large a cluster, a value, a run or an
//! error message may be. The checks that enforce them live with the data they guard; the
//! numbers live here so that a page, a test or an error message can name them.

// The cluster and its values.
/// The most nodes a world may have.
pub const MAX_NODES: usize = 16;
/// The longest value a proposer may propose, in characters.
pub const MAX_VALUE_CHARS: usize = 32;
/// The longest node name, in characters.
pub const MAX_NAME_CHARS: usize = 8;
/// The longest message delay a config may ask for, in ticks.
pub const MAX_DELAY_TICKS: u64 = 1_000;
/// The highest loss or duplication chance, in percent: above it almost nothing gets through.
pub const MAX_FAULT_PERCENT: u8 = 90;

// The network and the clock.
/// The most times a proposer retries one proposal of the user's before it gives up.
pub const MAX_RETRIES: u32 = 25;
/// The most messages in flight at once. Past it the network loses what is sent and refuses
/// duplicates: far more than any run needs, and it keeps a hostile shared run (thousands of
/// duplicates) from exhausting memory.
pub const MAX_IN_FLIGHT: usize = 300;

/// The latest time the clock may reach, in ticks. Far beyond any real run, and low enough that
/// every time stays exactly representable in JavaScript (below 2^53) even with message delays
/// added.
pub const MAX_TIME: u64 = 1 << 50;

// The settings form.
/// The longest delay or retry wait the settings offer, in ticks.
pub const MAX_SETTING_TICKS: u64 = 200;

// Shared runs.
/// The longest run text accepted, in characters.
pub const MAX_RUN_CHARS: usize = 200_000;
/// The largest seed the page gives or saves in a run file: JavaScript's largest exact
/// integer, 2^53 - 1. (A shared link may carry any 64-bit seed, as the native tools' runs do.)
pub const MAX_SEED: u64 = (1 << 53) - 1;
/// The most actions a run may hold.
pub const MAX_RUN_ACTIONS: usize = 50_000;

// Error messages.
/// The most message ids an error lists.
pub const MAX_LISTED_IDS: usize = 12;

/// The most characters of a given name or text that an error repeats.
pub const MAX_QUOTED_CHARS: usize = 40;

/// The most characters of any error message, however large the input it names (the fuzz
/// target, the facade's hostile-call test and the page's hostile-input test hold us to it).
pub const MAX_ERROR_CHARS: usize = 400;

/// The most characters of a message passed on from a reader of the user's input.
pub const MAX_BRIEF_CHARS: usize = 300;
