package dev.imagepack.mapping.template;

import org.jspecify.annotations.Nullable;

/**
 * Reads the key of a single-key ROS mapping as the function it calls.
 */
final class RosFunctions {

	private RosFunctions() {
	}

	/**
	 * Why a mapping value is not a literal.
	 * @param key the mapping's only key, or null if it has none or several
	 * @return the reason
	 */
	static NonLiteralReason reason(@Nullable String key) {
		if (key == null) {
			return NonLiteralReason.NOT_A_STRING;
		}
		return switch (key) {
			case "Ref" -> NonLiteralReason.REF;
			case "Fn::FindInMap" -> NonLiteralReason.FIND_IN_MAP;
			case "Fn::If" -> NonLiteralReason.IF;
			case "Fn::Sub" -> NonLiteralReason.SUB;
			default -> key.startsWith("Fn::") ? NonLiteralReason.FUNCTION : NonLiteralReason.NOT_A_STRING;
		};
	}

}
