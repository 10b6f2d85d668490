/**
 * The Alibaba Cloud ECS adapter: copies, describes, deletes and shares images through the
 * ECS API.
 */
@NullMarked
package dev.imagepack.replication.cloud.aliyun;

import org.jspecify.annotations.NullMarked;
