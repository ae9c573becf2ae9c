//! `ObjectMap<K, V>`: an ordered map of large objects, each value in its own `Box`.
//!
//! Behaves like `BTreeMap<K, V>` (same order, same methods for what the core uses), but stores
//! `BTreeMap<K, Box<V>>`. That is for the size of the Wasm bundle, not for speed: `BTreeMap`'s
//! node code (insert, split, merge, steal, remove, search, iterators) is compiled once per
//! (key, value) *type*, ≈ 12 kB of Wasm each, and a boxed value is one pointer whatever the
//! object, so the maps sharing a key type (the store's `Key` → Deployment, ReplicaSet,
//! Service, ConfigMap, Secret; ECS tasks and services by id) compile to identical functions,
//! which the optimiser merges into one copy. Only dropping and cloning stay per type.
//!
//! [`ObjectSet<K>`] is the set of the same trick: `BTreeMap<K, Box<()>>` (a `Box<()>` allocates
//! nothing), sharing the node code of the `ObjectMap`s with that key type.

use std::borrow::Borrow;
use std::collections::btree_map;
use std::collections::BTreeMap;
use std::ops::Index;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectMap<K, V>(BTreeMap<K, Box<V>>);

impl<K, V> Default for ObjectMap<K, V> {
    fn default() -> Self {
        ObjectMap(BTreeMap::new())
    }
}

/// `(&K, &Box<V>) → (&K, &V)` as a plain function, so the iterator types can be named.
/// (`&Box<V>` is the item type of the inner map's iterators, hence the allows.)
#[allow(clippy::borrowed_box)]
fn unbox<'a, K, V>((k, v): (&'a K, &'a Box<V>)) -> (&'a K, &'a V) {
    (k, v)
}

fn unbox_mut<'a, K, V>((k, v): (&'a K, &'a mut Box<V>)) -> (&'a K, &'a mut V) {
    (k, v)
}

#[allow(clippy::borrowed_box)]
fn unbox_value<V>(v: &Box<V>) -> &V {
    v
}

fn unbox_value_mut<V>(v: &mut Box<V>) -> &mut V {
    v
}

pub type Iter<'a, K, V> =
    std::iter::Map<btree_map::Iter<'a, K, Box<V>>, fn((&'a K, &'a Box<V>)) -> (&'a K, &'a V)>;
pub type IterMut<'a, K, V> = std::iter::Map<
    btree_map::IterMut<'a, K, Box<V>>,
    fn((&'a K, &'a mut Box<V>)) -> (&'a K, &'a mut V),
>;
pub type Values<'a, K, V> =
    std::iter::Map<btree_map::Values<'a, K, Box<V>>, fn(&'a Box<V>) -> &'a V>;
pub type ValuesMut<'a, K, V> =
    std::iter::Map<btree_map::ValuesMut<'a, K, Box<V>>, fn(&'a mut Box<V>) -> &'a mut V>;

impl<K: Ord, V> ObjectMap<K, V> {
    pub fn new() -> Self {
        ObjectMap(BTreeMap::new())
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.0.get(key).map(|v| &**v)
    }

    pub fn get_mut<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
    {
        self.0.get_mut(key).map(|v| &mut **v)
    }

    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.0.contains_key(key)
    }

    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        self.0.insert(key, Box::new(value)).map(|v| *v)
    }

    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        self.0.remove(key).map(|v| *v)
    }

    /// Like `entry(key).or_default()` of a `BTreeMap`.
    pub fn get_or_default(&mut self, key: K) -> &mut V
    where
        V: Default,
    {
        self.0.entry(key).or_default()
    }

    pub fn first_key_value(&self) -> Option<(&K, &V)> {
        self.0.first_key_value().map(unbox)
    }

    pub fn clear(&mut self) {
        self.0.clear();
    }

    pub fn retain(&mut self, mut keep: impl FnMut(&K, &mut V) -> bool) {
        self.0.retain(|k, v| keep(k, v));
    }

    pub fn keys(&self) -> btree_map::Keys<'_, K, Box<V>> {
        self.0.keys()
    }

    pub fn values(&self) -> Values<'_, K, V> {
        self.0.values().map(unbox_value as fn(&Box<V>) -> &V)
    }

    pub fn values_mut(&mut self) -> ValuesMut<'_, K, V> {
        self.0
            .values_mut()
            .map(unbox_value_mut as fn(&mut Box<V>) -> &mut V)
    }

    pub fn iter<'a>(&'a self) -> Iter<'a, K, V> {
        self.0
            .iter()
            .map(unbox as fn((&'a K, &'a Box<V>)) -> (&'a K, &'a V))
    }

    pub fn iter_mut<'a>(&'a mut self) -> IterMut<'a, K, V> {
        self.0
            .iter_mut()
            .map(unbox_mut as fn((&'a K, &'a mut Box<V>)) -> (&'a K, &'a mut V))
    }
}

impl<K: Ord + Borrow<Q>, Q: Ord + ?Sized, V> Index<&Q> for ObjectMap<K, V> {
    type Output = V;

    /// Like `BTreeMap`'s: panics if the key is absent (callers index only keys they hold).
    fn index(&self, key: &Q) -> &V {
        &self.0[key]
    }
}

impl<'a, K: Ord, V> IntoIterator for &'a ObjectMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = Iter<'a, K, V>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'a, K: Ord, V> IntoIterator for &'a mut ObjectMap<K, V> {
    type Item = (&'a K, &'a mut V);
    type IntoIter = IterMut<'a, K, V>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter_mut()
    }
}

impl<K: Ord, V> Extend<(K, V)> for ObjectMap<K, V> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for ObjectMap<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        // Inserted one by one: `collect()` into the BTreeMap would compile one more stable sort.
        let mut map = ObjectMap::new();
        for (k, v) in iter {
            map.insert(k, v);
        }
        map
    }
}

/// `ObjectSet<K>`: an ordered set stored as `BTreeMap<K, Box<()>>`. `Box<()>` allocates nothing,
/// and the map code is the very code of the [`ObjectMap`]s with the same key type (a boxed
/// value is one pointer whatever it points to), so the optimiser keeps one copy for both: a
/// `BTreeSet<K>` would compile the node code once more (bundle size, as for `ObjectMap`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectSet<K>(BTreeMap<K, Box<()>>);

impl<K> Default for ObjectSet<K> {
    fn default() -> Self {
        ObjectSet(BTreeMap::new())
    }
}

impl<K: Ord> ObjectSet<K> {
    pub fn new() -> Self {
        ObjectSet(BTreeMap::new())
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Like `BTreeSet::insert`: whether the value was new (an equal one already in stays).
    pub fn insert(&mut self, value: K) -> bool {
        self.0.insert(value, Box::new(())).is_none()
    }

    pub fn contains<Q: Ord + ?Sized>(&self, value: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.0.contains_key(value)
    }

    /// Like `BTreeSet::remove`: whether the value was there.
    pub fn remove<Q: Ord + ?Sized>(&mut self, value: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.0.remove(value).is_some()
    }

    pub fn pop_first(&mut self) -> Option<K> {
        self.0.pop_first().map(|(k, _)| k)
    }

    pub fn retain(&mut self, mut keep: impl FnMut(&K) -> bool) {
        self.0.retain(|k, _| keep(k));
    }

    pub fn iter(&self) -> btree_map::Keys<'_, K, Box<()>> {
        self.0.keys()
    }
}

impl<K: Ord> IntoIterator for ObjectSet<K> {
    type Item = K;
    type IntoIter = btree_map::IntoKeys<K, Box<()>>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_keys()
    }
}

impl<'a, K: Ord> IntoIterator for &'a ObjectSet<K> {
    type Item = &'a K;
    type IntoIter = btree_map::Keys<'a, K, Box<()>>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.keys()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn behaves_like_a_btreemap() {
        let mut m: ObjectMap<(String, String), u32> = ObjectMap::new();
        let mut b: BTreeMap<(String, String), u32> = BTreeMap::new();
        for (i, name) in ["c", "a", "b", "a", "d"].iter().enumerate() {
            let k = ("ns".to_string(), name.to_string());
            assert_eq!(m.insert(k.clone(), i as u32), b.insert(k, i as u32));
        }
        let k = ("ns".to_string(), "b".to_string());
        assert_eq!(m.get(&k), b.get(&k));
        assert_eq!(m[&k], b[&k]);
        *m.get_mut(&k).unwrap() += 10;
        *b.get_mut(&k).unwrap() += 10;
        let new = ("ns".to_string(), "e".to_string());
        *m.get_or_default(new.clone()) += 7;
        *b.entry(new.clone()).or_default() += 7;
        *m.get_or_default(k.clone()) += 1;
        *b.entry(k.clone()).or_default() += 1;
        assert_eq!(m.remove(&("ns".into(), "c".into())), Some(0));
        b.remove(&("ns".to_string(), "c".to_string()));
        m.retain(|_, v| *v != 4);
        b.retain(|_, v| *v != 4);
        assert_eq!(m.len(), b.len());
        assert!(m.iter().eq(b.iter()));
        assert!(m.keys().eq(b.keys()));
        assert!(m.values().eq(b.values()));
        for v in m.values_mut() {
            *v += 1;
        }
        assert_eq!(m.values().copied().collect::<Vec<_>>(), vec![4, 14, 8]);
    }

    #[test]
    fn object_set_behaves_like_a_btreeset() {
        let mut s: ObjectSet<(u64, u64)> = ObjectSet::new();
        let mut b: std::collections::BTreeSet<(u64, u64)> = std::collections::BTreeSet::new();
        for k in [(3, 1), (1, 2), (3, 1), (2, 9), (1, 1)] {
            assert_eq!(s.insert(k), b.insert(k));
        }
        assert_eq!(s.len(), b.len());
        assert!(s.contains(&(2, 9)) && !s.contains(&(2, 8)));
        assert_eq!(s.remove(&(2, 9)), b.remove(&(2, 9)));
        assert_eq!(s.remove(&(2, 9)), b.remove(&(2, 9)));
        s.retain(|&(_, x)| x != 2);
        b.retain(|&(_, x)| x != 2);
        assert_eq!(s.iter().collect::<Vec<_>>(), b.iter().collect::<Vec<_>>());
        assert_eq!(s.pop_first(), b.pop_first());
        assert_eq!(
            s.clone().into_iter().collect::<Vec<_>>(),
            b.into_iter().collect::<Vec<_>>()
        );
        assert_eq!(std::mem::take(&mut s).len(), 1);
        assert!(s.is_empty());
    }
}
