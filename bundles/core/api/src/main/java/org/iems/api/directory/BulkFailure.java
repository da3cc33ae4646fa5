package org.iems.api.directory;

/**
 * One item of a bulk operation that could not be applied.
 *
 * @param index the item's position in the request, from 0
 * @param item the item, as text (an address)
 * @param reason what kind of problem it is
 * @param problem what is wrong, in one line
 */
public record BulkFailure(int index, String item, DirectoryException.Reason reason, String problem) {
}
