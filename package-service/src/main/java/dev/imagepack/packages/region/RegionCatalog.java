package dev.imagepack.packages.region;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The regions a package can be distributed to. Defaults to Alibaba Cloud's public region
 * IDs.
 *
 * @param regions the region IDs
 */
@ConfigurationProperties("packages")
public record RegionCatalog(@DefaultValue( {
		"cn-qingdao", "cn-beijing", "cn-zhangjiakou", "cn-huhehaote", "cn-wulanchabu", "cn-hangzhou", "cn-shanghai",
		"cn-nanjing", "cn-fuzhou", "cn-shenzhen", "cn-heyuan", "cn-guangzhou", "cn-chengdu", "cn-hongkong",
		"ap-northeast-1", "ap-northeast-2", "ap-southeast-1", "ap-southeast-3", "ap-southeast-5", "ap-southeast-6",
		"ap-southeast-7", "us-east-1", "us-west-1", "eu-west-1", "eu-central-1", "me-east-1",
		"me-central-1" }) List<String> regions){

	public RegionCatalog {
		regions = List.copyOf(regions);
	}

	/**
	 * Whether the catalogue knows a region.
	 * @param region a region ID
	 * @return true if packages may use it
	 */
	public boolean contains(String region) {
		return this.regions.contains(region);
	}

}
