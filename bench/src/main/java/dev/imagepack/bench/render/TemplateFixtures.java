package dev.imagepack.bench.render;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The templates the render benchmark uses: a small web stack like the seed's example, a
 * large generated one, or any file named by its path.
 */
final class TemplateFixtures {

	/** The small fixture: one web server behind a load balancer. */
	static final String WEB_STACK = "web-stack";

	/** The large fixture: many tiers of instances, generated. */
	static final String LARGE = "large";

	/** Instances in the large fixture; each has an ImageId. */
	static final int LARGE_INSTANCES = 400;

	private TemplateFixtures() {
	}

	/**
	 * The text of a fixture.
	 * @param name {@link #WEB_STACK}, {@link #LARGE} or a file path
	 * @return the template text
	 */
	static String text(String name) {
		return switch (name) {
			case WEB_STACK -> resource("web-stack-ros.yaml");
			case LARGE -> large(LARGE_INSTANCES);
			default -> file(Path.of(name));
		};
	}

	private static String resource(String name) {
		try (InputStream in = TemplateFixtures.class.getResourceAsStream(name)) {
			if (in == null) {
				throw new IllegalStateException("No fixture " + name);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String file(Path path) {
		try {
			return Files.readString(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Template " + path + " cannot be read", ex);
		}
	}

	/**
	 * A template of one VPC with a switch per zone and, per instance, its security group,
	 * its data disk and its instance, each instance with a literal ImageId. Half the
	 * instances use one image and half another, so that rendering substitutes two
	 * associations.
	 * @param instances how many instances
	 * @return the YAML text
	 */
	static String large(int instances) {
		StringBuilder yaml = new StringBuilder(instances * 1200);
		yaml.append("ROSTemplateFormatVersion: '2015-09-01'\n");
		yaml.append("Description: A fleet of ").append(instances).append(" servers over four zones.\n");
		yaml.append("Parameters:\n");
		yaml.append("  InstanceType:\n    Type: String\n    Default: ecs.g7.large\n");
		yaml.append("  LoginPassword:\n    Type: String\n    NoEcho: true\n");
		yaml.append("Resources:\n");
		yaml.append("  Network:\n    Type: ALIYUN::ECS::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/8\n");
		for (int zone = 0; zone < 4; zone++) {
			yaml.append("  Zone").append(zone).append("Switch:\n    Type: ALIYUN::ECS::VSwitch\n    Properties:\n");
			yaml.append("      VpcId: !Ref Network\n      ZoneId: cn-hangzhou-")
				.append((char) ('h' + zone))
				.append('\n');
			yaml.append("      CidrBlock: 10.").append(zone).append(".0.0/16\n");
		}
		for (int i = 0; i < instances; i++) {
			String name = "Server" + i;
			int zone = i % 4;
			yaml.append("  ").append(name).append("Group:\n    Type: ALIYUN::ECS::SecurityGroup\n    Properties:\n");
			yaml.append("      VpcId: !Ref Network\n      SecurityGroupIngress:\n");
			yaml.append("        - {PortRange: 22/22, SourceCidrIp: 10.0.0.0/8, IpProtocol: tcp}\n");
			yaml.append("        - PortRange: ").append(8000 + i).append('/').append(8000 + i).append('\n');
			yaml.append("          SourceCidrIp: 0.0.0.0/0\n          IpProtocol: tcp\n");
			yaml.append("  ").append(name).append("Disk:\n    Type: ALIYUN::ECS::Disk\n    Properties:\n");
			yaml.append("      Size: ").append(100 + i % 7 * 20).append("\n      Category: cloud_essd\n");
			yaml.append("      ZoneId: cn-hangzhou-").append((char) ('h' + zone)).append('\n');
			yaml.append("  ").append(name).append(":\n    Type: ALIYUN::ECS::Instance\n    Properties:\n");
			yaml.append("      ImageId: ").append((i % 2 == 0) ? "centos_7" : "'ubuntu_22_04'").append('\n');
			yaml.append("      InstanceType: !Ref InstanceType\n      VpcId: !Ref Network\n");
			yaml.append("      VSwitchId: !Ref Zone").append(zone).append("Switch\n");
			yaml.append("      SecurityGroupId: !Ref ").append(name).append("Group\n");
			yaml.append("      Password: !Ref LoginPassword\n      SystemDiskCategory: cloud_essd\n");
			yaml.append("      Tags:\n        - Key: tier\n          Value: ").append((i % 3 == 0) ? "web" : "app");
			yaml.append("\n        - Key: index\n          Value: '").append(i).append("'\n");
			yaml.append("  ").append(name).append("DiskAttachment:\n    Type: ALIYUN::ECS::DiskAttachment\n");
			yaml.append("    Properties:\n      InstanceId: !Ref ").append(name).append('\n');
			yaml.append("      DiskId: !Ref ").append(name).append("Disk\n");
		}
		yaml.append("Outputs:\n  FirstServer:\n    Value: !GetAtt Server0.InstanceId\n");
		return yaml.toString();
	}

}
