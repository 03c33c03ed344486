/// Which side of the train/test divide an image index belongs to.
///
/// The split is part of every generated image's random path (`GlyphGenerator`) or selects a
/// different set of stored images (`ImageDataset` over IDX files), so no training index can
/// ever produce a test image: the two index spaces are disjoint by construction.
public enum ImageSplit: UInt64, Sendable, CaseIterable {
    case train = 0, test = 1
}
