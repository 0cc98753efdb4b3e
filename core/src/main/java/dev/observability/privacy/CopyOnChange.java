package dev.observability.privacy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Maps a batch whose items are mostly left as they are: the same collection comes back when no
 * item changed, so that a clean batch costs no allocation; a list is built from the first item
 * that changed on.
 */
public final class CopyOnChange {

	private CopyOnChange() {
	}

	/**
	 * Map each item of a batch.
	 * @param <T> the type of the items
	 * @param items the batch
	 * @param change returns the item itself when it needs no change
	 * @return the same collection when no item changed, else a list of the mapped items
	 */
	public static <T> Collection<T> map(Collection<T> items, UnaryOperator<T> change) {
		List<T> changed = null;
		int index = 0;
		for (T item : items) {
			T result = change.apply(item);
			if (result != item && changed == null) {
				changed = new ArrayList<>(items.size());
				int copied = 0;
				for (T earlier : items) {
					if (copied++ == index) {
						break;
					}
					changed.add(earlier);
				}
			}
			if (changed != null) {
				changed.add(result);
			}
			index++;
		}
		return (changed != null) ? changed : items;
	}

}
