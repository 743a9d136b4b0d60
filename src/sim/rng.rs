//! The one source of randomness. Every draw in the simulation comes from here, in a fixed
//! order, so the same seed and the same inputs give the same history.

/// The API server's name-generator alphabet: no vowels, no 0/1/3 (DS-16,
/// `apiserver/pkg/storage/names/generate.go`).
pub const NAME_ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
/// `maxGeneratedNameLength = 63 - 5` (DS-16).
pub const MAX_GENERATE_NAME_BASE: usize = 58;

#[derive(Clone, Debug)]
pub struct Rng {
    inner: oorandom::Rand64,
}

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng { inner: oorandom::Rand64::new(seed as u128) }
    }

    /// A uniform integer in `[low, high]`.
    pub fn between(&mut self, low: i64, high: i64) -> i64 {
        debug_assert!(low <= high);
        let span = (high - low) as u64 + 1;
        low + (self.inner.rand_u64() % span) as i64
    }

    /// An index in `[0, len)`.
    pub fn index(&mut self, len: usize) -> usize {
        debug_assert!(len > 0);
        (self.inner.rand_u64() % len as u64) as usize
    }

    /// `generateName` completion: the base cut to 58 characters plus 5 random characters.
    pub fn generate_name(&mut self, base: &str) -> String {
        let mut name: String = base.chars().take(MAX_GENERATE_NAME_BASE).collect();
        for _ in 0..5 {
            name.push(NAME_ALPHABET[self.index(NAME_ALPHABET.len())] as char);
        }
        name
    }

    /// A random RFC 4122 version-4 uid, as the API server assigns.
    pub fn uid(&mut self) -> String {
        let a = self.inner.rand_u64();
        let b = self.inner.rand_u64();
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0x0fff,
            0x8000 | (b >> 48) & 0x3fff,
            b & 0xffff_ffff_ffff
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_names_use_the_apiserver_alphabet_ds16() {
        let mut rng = Rng::new(7);
        let name = rng.generate_name("nginx-ds-");
        assert_eq!(name.len(), "nginx-ds-".len() + 5);
        assert!(name[9..].bytes().all(|c| NAME_ALPHABET.contains(&c)), "{name}");
        let long = "x".repeat(70);
        assert_eq!(rng.generate_name(&long).len(), 63);
    }

    #[test]
    fn same_seed_same_draws() {
        let (mut a, mut b) = (Rng::new(42), Rng::new(42));
        let draws_a: Vec<i64> = (0..50).map(|_| a.between(0, 1000)).collect();
        let draws_b: Vec<i64> = (0..50).map(|_| b.between(0, 1000)).collect();
        assert_eq!(draws_a, draws_b);
        assert_ne!(Rng::new(1).uid(), Rng::new(2).uid());
    }
}
