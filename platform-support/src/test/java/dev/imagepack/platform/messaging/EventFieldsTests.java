package dev.imagepack.platform.messaging;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.imagepack.events.ImageContent;
import dev.imagepack.events.ImageType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EventFieldsTests {

	@Test
	void aCustomImageNeedsItsIdAndAMarketplaceImageItsProductCode() {
		ImageContent custom = content(ImageType.CUSTOM, "cn-hangzhou", "m-bp1g7004ksh0oeuc", null, 20);
		ImageContent marketplace = content(ImageType.MARKETPLACE, "cn-hangzhou", null, "cmjj028279", null);

		assertThat(EventFields.imageContent(custom)).isSameAs(custom);
		assertThat(EventFields.imageContent(marketplace)).isSameAs(marketplace);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EventFields.imageContent(content(ImageType.CUSTOM, "cn-hangzhou", null, null, 20)))
			.withMessageContaining("sourceImageId of a CUSTOM image");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EventFields.imageContent(content(ImageType.MARKETPLACE, "cn-hangzhou", null, null, null)))
			.withMessageContaining("marketplaceProductCode of a MARKETPLACE image");
	}

	@Test
	void anImageFromAnInvalidRegionOrOfAnImpossibleSizeIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EventFields.imageContent(content(ImageType.CUSTOM, "Hangzhou", "m-1", null, 20)));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EventFields.imageContent(content(ImageType.CUSTOM, "cn-hangzhou", "m-1", null, 0)))
			.withMessageContaining("imageSizeGib");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EventFields.imageContent(content(ImageType.CUSTOM, "cn-hangzhou", "m-1", null, 100_001)))
			.withMessageContaining("imageSizeGib");
	}

	private static ImageContent content(ImageType type, String region, String imageId, String productCode,
			Integer size) {
		return ImageContent.newBuilder()
			.setImageType(type)
			.setSourceRegion(region)
			.setSourceImageId(imageId)
			.setMarketplaceProductCode(productCode)
			.setImageSizeGib(size)
			.build();
	}

	@Test
	void aVersionsRegionsAreOneToAHundredRegionIdsNoneOfThemTwice() {
		assertThat(EventFields.regions(List.of("cn-shanghai", "eu-central-1"))).containsExactly("cn-shanghai",
				"eu-central-1");
		assertThatIllegalArgumentException().isThrownBy(() -> EventFields.regions(List.of()))
			.withMessage("An event names 1 to 100 regions, not 0");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EventFields.regions(List.of("cn-shanghai", "eu-central-1", "cn-shanghai")))
			.withMessage("Region 'cn-shanghai' is listed twice");
		assertThatIllegalArgumentException().isThrownBy(() -> EventFields.regions(List.of("Not A Region")))
			.withMessageContaining("Not a region ID");
	}

}
