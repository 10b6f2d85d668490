/**
 * Templates that deploy images: finds the image properties of ROS and Terraform
 * templates, checks that they can be associated with deployment packages, and renders a
 * template for a region by replacing only the associated literals, leaving every other
 * byte as it was.
 * <p>
 * {@link dev.imagepack.mapping.template.TemplateEngine} is the entry point; it reaches
 * the images of package versions through the
 * {@link dev.imagepack.mapping.template.ImageResolver} port. Files are never loaded and
 * re-serialised: each is parsed once with a parser that keeps positions, and rendering
 * splices new values into the original text.
 * <p>
 * Decisions where the issue left a choice:
 * <ul>
 * <li>A YAML alias as ImageId is the literal of the scalar it refers to; rendering
 * rewrites that anchored scalar once, so the anchor and every alias keep working.</li>
 * <li>A YAML block scalar ({@code |}, {@code >}) and a Terraform heredoc are refused as
 * not literals: their values carry line breaks that an image ID has no use for.</li>
 * <li>A number, boolean, null, list or map is refused as not a string.</li>
 * <li>An empty string is a literal; it changes only if someone associates it.</li>
 * <li>Out-of-scope resource types, ROS parameter defaults and Terraform variable defaults
 * are never rewritten; the first are reported as ignored, the others not reported.</li>
 * <li>Only top-level properties count: {@code Resources.<name>.Properties.ImageId}, a
 * resource's own {@code image_id}, and a module call's {@code image_id} and
 * {@code image_ids}.</li>
 * <li>A new value is written in the quoting style of the old one; a plain YAML scalar is
 * quoted only if plain text would read back as something else. A literal spelled with
 * escapes it does not need (a unicode escape for a plain letter), or a YAML scalar folded
 * over several lines, comes back on one line in its plain spelling when substituted
 * back.</li>
 * </ul>
 */
@NullMarked
package dev.imagepack.mapping.template;

import org.jspecify.annotations.NullMarked;
