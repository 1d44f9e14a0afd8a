/// The OpenAPI 3.1 description of the API, served at `/openapi.json`.
///
/// Kept true by tests: the compat suite validates real responses against it, and a bounded
/// schemathesis run fuzzes a live server from it (zero 5xx, every 4xx a Cinder fault body).
/// When a route or a body changes, change it here in the same commit.
enum OpenAPIDocument {
    static let json = #"""
{
 "openapi": "3.1.0",
 "info": {
  "title": "Ember Block Storage API",
  "version": "3.60",
  "description": "The Cinder Block Storage API v3 subset Ember serves, up to microversion 3.60 (`OpenStack-API-Version: volume 3.60`). Every path also exists under /v3/{project_id}. connection_info carries the volume's CHAP secret and is shown only to its project. Every 4xx answer is a Cinder fault body."
 },
 "servers": [
  {
   "url": "/v3"
  }
 ],
 "security": [
  {
   "token": []
  }
 ],
 "paths": {
  "/volumes": {
   "get": {
    "summary": "List volumes (id, name, links)",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "volumes": {
           "type": "array",
           "items": {
            "$ref": "#/components/schemas/VolumeSummary"
           }
          },
          "count": {
           "type": "integer"
          },
          "volumes_links": {
           "type": "array",
           "items": {
            "$ref": "#/components/schemas/Link"
           }
          }
         },
         "required": [
          "volumes"
         ]
        }
       }
      }
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/limit"
     },
     {
      "$ref": "#/components/parameters/marker"
     },
     {
      "$ref": "#/components/parameters/sort"
     },
     {
      "$ref": "#/components/parameters/sort_key"
     },
     {
      "$ref": "#/components/parameters/sort_dir"
     },
     {
      "$ref": "#/components/parameters/with_count"
     },
     {
      "$ref": "#/components/parameters/all_tenants"
     },
     {
      "$ref": "#/components/parameters/name"
     },
     {
      "$ref": "#/components/parameters/status"
     }
    ],
    "tags": [
     "volumes"
    ],
    "operationId": "getVolumes"
   },
   "post": {
    "summary": "Create a volume: empty, from a snapshot or from a volume",
    "responses": {
     "202": {
      "description": "Accepted",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "volume": {
           "$ref": "#/components/schemas/Volume"
          }
         },
         "required": [
          "volume"
         ],
         "additionalProperties": false
        }
       }
      },
      "links": {
       "ToGetVolumesVolumeId": {
        "operationId": "getVolumesVolumeId",
        "parameters": {
         "volume_id": "$response.body#/volume/id"
        }
       },
       "ToPutVolumesVolumeId": {
        "operationId": "putVolumesVolumeId",
        "parameters": {
         "volume_id": "$response.body#/volume/id"
        }
       },
       "ToDeleteVolumesVolumeId": {
        "operationId": "deleteVolumesVolumeId",
        "parameters": {
         "volume_id": "$response.body#/volume/id"
        }
       },
       "ToPostVolumesVolumeIdAction": {
        "operationId": "postVolumesVolumeIdAction",
        "parameters": {
         "volume_id": "$response.body#/volume/id"
        }
       },
       "ToGetVolumesVolumeIdMetadata": {
        "operationId": "getVolumesVolumeIdMetadata",
        "parameters": {
         "volume_id": "$response.body#/volume/id"
        }
       },
       "ToPostVolumesVolumeIdMetadata": {
        "operationId": "postVolumesVolumeIdMetadata",
        "parameters": {
         "volume_id": "$response.body#/volume/id"
        }
       },
       "ToPutVolumesVolumeIdMetadata": {
        "operationId": "putVolumesVolumeIdMetadata",
        "parameters": {
         "volume_id": "$response.body#/volume/id"
        }
       },
       "ToGetVolumesVolumeIdMetadataKey": {
        "operationId": "getVolumesVolumeIdMetadataKey",
        "parameters": {
         "volume_id": "$response.body#/volume/id"
        }
       },
       "ToPutVolumesVolumeIdMetadataKey": {
        "operationId": "putVolumesVolumeIdMetadataKey",
        "parameters": {
         "volume_id": "$response.body#/volume/id"
        }
       },
       "ToDeleteVolumesVolumeIdMetadataKey": {
        "operationId": "deleteVolumesVolumeIdMetadataKey",
        "parameters": {
         "volume_id": "$response.body#/volume/id"
        }
       },
       "ToPostSnapshots": {
        "operationId": "postSnapshots",
        "requestBody": {
         "snapshot": {
          "volume_id": "$response.body#/volume/id"
         }
        }
       }
      }
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "properties": {
         "volume": {
          "type": "object",
          "properties": {
           "size": {
            "type": [
             "integer",
             "null"
            ],
            "minimum": 1,
            "maximum": 2147483647
           },
           "name": {
            "type": [
             "string",
             "null"
            ],
            "maxLength": 255
           },
           "description": {
            "type": [
             "string",
             "null"
            ],
            "maxLength": 255
           },
           "display_name": {
            "type": [
             "string",
             "null"
            ]
           },
           "display_description": {
            "type": [
             "string",
             "null"
            ]
           },
           "volume_type": {
            "type": [
             "string",
             "null"
            ]
           },
           "availability_zone": {
            "type": [
             "string",
             "null"
            ]
           },
           "metadata": {
            "oneOf": [
             {
              "$ref": "#/components/schemas/MetadataIn"
             },
             {
              "type": "null"
             }
            ]
           },
           "snapshot_id": {
            "type": [
             "string",
             "null"
            ]
           },
           "source_volid": {
            "type": [
             "string",
             "null"
            ]
           },
           "multiattach": {
            "type": [
             "boolean",
             "null"
            ]
           },
           "imageRef": {
            "type": "null"
           },
           "backup_id": {
            "type": "null"
           },
           "consistencygroup_id": {
            "type": "null"
           },
           "group_id": {
            "type": "null"
           },
           "source_replica": {
            "type": "null"
           },
           "scheduler_hints": {
            "type": [
             "object",
             "null"
            ]
           }
          },
          "additionalProperties": false
         }
        },
        "required": [
         "volume"
        ],
        "additionalProperties": false
       }
      }
     }
    },
    "tags": [
     "volumes"
    ],
    "operationId": "postVolumes"
   }
  },
  "/volumes/summary": {
   "get": {
    "summary": "Count the volumes and their GiB (3.12; metadata from 3.36)",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "volume-summary": {
           "type": "object",
           "properties": {
            "total_size": {
             "type": "integer"
            },
            "total_count": {
             "type": "integer"
            },
            "metadata": {
             "type": "object",
             "additionalProperties": {
              "type": "array",
              "items": {
               "type": "string"
              }
             }
            }
           },
           "required": [
            "total_size",
            "total_count"
           ]
          }
         },
         "required": [
          "volume-summary"
         ],
         "additionalProperties": false
        }
       }
      }
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/limit"
     },
     {
      "$ref": "#/components/parameters/marker"
     },
     {
      "$ref": "#/components/parameters/sort"
     },
     {
      "$ref": "#/components/parameters/sort_key"
     },
     {
      "$ref": "#/components/parameters/sort_dir"
     },
     {
      "$ref": "#/components/parameters/with_count"
     },
     {
      "$ref": "#/components/parameters/all_tenants"
     },
     {
      "$ref": "#/components/parameters/name"
     },
     {
      "$ref": "#/components/parameters/status"
     }
    ],
    "tags": [
     "volumes"
    ],
    "operationId": "getVolumesSummary"
   }
  },
  "/resource_filters": {
   "get": {
    "summary": "The filters each listing accepts (3.33)",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "resource_filters": {
           "type": "array",
           "items": {
            "type": "object",
            "properties": {
             "resource": {
              "type": "string"
             },
             "filters": {
              "type": "array",
              "items": {
               "type": "string"
              }
             }
            },
            "required": [
             "resource",
             "filters"
            ]
           }
          }
         },
         "required": [
          "resource_filters"
         ],
         "additionalProperties": false
        }
       }
      }
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/resource"
     }
    ],
    "tags": [
     "volumes"
    ],
    "operationId": "getResourceFilters"
   }
  },
  "/volumes/detail": {
   "get": {
    "summary": "List volumes with details",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "volumes": {
           "type": "array",
           "items": {
            "$ref": "#/components/schemas/Volume"
           }
          },
          "count": {
           "type": "integer"
          },
          "volumes_links": {
           "type": "array",
           "items": {
            "$ref": "#/components/schemas/Link"
           }
          }
         },
         "required": [
          "volumes"
         ]
        }
       }
      }
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/limit"
     },
     {
      "$ref": "#/components/parameters/marker"
     },
     {
      "$ref": "#/components/parameters/sort"
     },
     {
      "$ref": "#/components/parameters/sort_key"
     },
     {
      "$ref": "#/components/parameters/sort_dir"
     },
     {
      "$ref": "#/components/parameters/with_count"
     },
     {
      "$ref": "#/components/parameters/all_tenants"
     },
     {
      "$ref": "#/components/parameters/name"
     },
     {
      "$ref": "#/components/parameters/status"
     }
    ],
    "tags": [
     "volumes"
    ],
    "operationId": "getVolumesDetail"
   }
  },
  "/volumes/{volume_id}": {
   "get": {
    "summary": "Show a volume",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "volume": {
           "$ref": "#/components/schemas/Volume"
          }
         },
         "required": [
          "volume"
         ],
         "additionalProperties": false
        }
       }
      }
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/volume_id"
     }
    ],
    "tags": [
     "volumes"
    ],
    "operationId": "getVolumesVolumeId"
   },
   "put": {
    "summary": "Update a volume's name, description or metadata",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "volume": {
           "$ref": "#/components/schemas/Volume"
          }
         },
         "required": [
          "volume"
         ],
         "additionalProperties": false
        }
       }
      }
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/volume_id"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "properties": {
         "volume": {
          "type": "object",
          "properties": {
           "name": {
            "type": [
             "string",
             "null"
            ]
           },
           "description": {
            "type": [
             "string",
             "null"
            ]
           },
           "display_name": {
            "type": [
             "string",
             "null"
            ]
           },
           "display_description": {
            "type": [
             "string",
             "null"
            ]
           },
           "metadata": {
            "oneOf": [
             {
              "$ref": "#/components/schemas/MetadataIn"
             },
             {
              "type": "null"
             }
            ]
           }
          },
          "additionalProperties": false
         }
        },
        "required": [
         "volume"
        ],
        "additionalProperties": false
       }
      }
     }
    },
    "tags": [
     "volumes"
    ],
    "operationId": "putVolumesVolumeId"
   },
   "delete": {
    "summary": "Delete a volume (cascade is refused; force=true for admins from 3.23)",
    "responses": {
     "202": {
      "description": "Accepted; the work goes on asynchronously"
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/volume_id"
     },
     {
      "$ref": "#/components/parameters/force"
     }
    ],
    "tags": [
     "volumes"
    ],
    "operationId": "deleteVolumesVolumeId"
   }
  },
  "/volumes/{volume_id}/action": {
   "post": {
    "summary": "Run a volume action: os-extend, os-set_bootable, revert (3.40), the attach actions (os-reserve ... os-terminate_connection); admin: os-reset_status, os-force_delete, os-update_readonly_flag",
    "responses": {
     "200": {
      "description": "Done: os-set_bootable (no body), os-initialize_connection ({\"connection_info\": ConnectionInfo})"
     },
     "202": {
      "description": "Accepted; the work goes on asynchronously"
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/volume_id"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "oneOf": [
         {
          "type": "object",
          "properties": {
           "os-extend": {
            "type": "object",
            "properties": {
             "new_size": {
              "type": [
               "integer",
               "string"
              ]
             }
            },
            "required": [
             "new_size"
            ]
           }
          },
          "required": [
           "os-extend"
          ],
          "additionalProperties": false
         },
         {
          "type": "object",
          "properties": {
           "os-reset_status": {
            "type": "object",
            "properties": {
             "status": {
              "type": "string"
             }
            },
            "required": [
             "status"
            ]
           }
          },
          "required": [
           "os-reset_status"
          ],
          "additionalProperties": false
         },
         {
          "type": "object",
          "properties": {
           "os-force_delete": {
            "type": [
             "object",
             "null"
            ]
           }
          },
          "required": [
           "os-force_delete"
          ],
          "additionalProperties": false
         },
         {
          "type": "object",
          "properties": {
           "os-set_bootable": {
            "type": "object",
            "properties": {
             "bootable": {
              "type": [
               "boolean",
               "string"
              ]
             }
            },
            "required": [
             "bootable"
            ]
           }
          },
          "required": [
           "os-set_bootable"
          ],
          "additionalProperties": false
         },
         {
          "type": "object",
          "properties": {
           "os-update_readonly_flag": {
            "type": "object",
            "properties": {
             "readonly": {
              "type": [
               "boolean",
               "string"
              ]
             }
            },
            "required": [
             "readonly"
            ]
           }
          },
          "required": [
           "os-update_readonly_flag"
          ],
          "additionalProperties": false
         },
         {
          "type": "object",
          "properties": {
           "revert": {
            "type": "object",
            "properties": {
             "snapshot_id": {
              "type": "string"
             }
            },
            "required": [
             "snapshot_id"
            ]
           }
          },
          "required": [
           "revert"
          ],
          "additionalProperties": false
         },
         {
          "type": "object",
          "properties": {
           "os-reserve": {
            "type": [
             "object",
             "null"
            ]
           }
          },
          "required": [
           "os-reserve"
          ],
          "additionalProperties": false
         },
         {
          "type": "object",
          "properties": {
           "os-unreserve": {
            "type": [
             "object",
             "null"
            ]
           }
          },
          "required": [
           "os-unreserve"
          ],
          "additionalProperties": false
         },
         {
          "type": "object",
          "properties": {
           "os-initialize_connection": {
            "type": "object",
            "properties": {
             "connector": {
              "$ref": "#/components/schemas/Connector"
             }
            },
            "required": [
             "connector"
            ]
           }
          },
          "required": [
           "os-initialize_connection"
          ],
          "additionalProperties": false
         },
         {
          "type": "object",
          "properties": {
           "os-attach": {
            "type": "object",
            "properties": {
             "instance_uuid": {
              "type": "string"
             },
             "mountpoint": {
              "type": "string"
             },
             "host_name": {
              "type": "string"
             },
             "mode": {
              "type": "string",
              "enum": [
               "rw",
               "ro"
              ]
             }
            }
           }
          },
          "required": [
           "os-attach"
          ],
          "additionalProperties": false
         },
         {
          "type": "object",
          "properties": {
           "os-begin_detaching": {
            "type": [
             "object",
             "null"
            ]
           }
          },
          "required": [
           "os-begin_detaching"
          ],
          "additionalProperties": false
         },
         {
          "type": "object",
          "properties": {
           "os-roll_detaching": {
            "type": [
             "object",
             "null"
            ]
           }
          },
          "required": [
           "os-roll_detaching"
          ],
          "additionalProperties": false
         },
         {
          "type": "object",
          "properties": {
           "os-detach": {
            "type": [
             "object",
             "null"
            ],
            "properties": {
             "attachment_id": {
              "type": "string"
             }
            }
           }
          },
          "required": [
           "os-detach"
          ],
          "additionalProperties": false
         },
         {
          "type": "object",
          "properties": {
           "os-terminate_connection": {
            "type": "object",
            "properties": {
             "connector": {
              "$ref": "#/components/schemas/Connector"
             }
            }
           }
          },
          "required": [
           "os-terminate_connection"
          ],
          "additionalProperties": false
         }
        ]
       }
      }
     }
    },
    "tags": [
     "volumes"
    ],
    "operationId": "postVolumesVolumeIdAction"
   }
  },
  "/snapshots": {
   "get": {
    "summary": "List snapshots",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "snapshots": {
           "type": "array",
           "items": {
            "$ref": "#/components/schemas/Snapshot"
           }
          },
          "count": {
           "type": "integer"
          },
          "snapshots_links": {
           "type": "array",
           "items": {
            "$ref": "#/components/schemas/Link"
           }
          }
         },
         "required": [
          "snapshots"
         ]
        }
       }
      }
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/limit"
     },
     {
      "$ref": "#/components/parameters/marker"
     },
     {
      "$ref": "#/components/parameters/sort"
     },
     {
      "$ref": "#/components/parameters/sort_key"
     },
     {
      "$ref": "#/components/parameters/sort_dir"
     },
     {
      "$ref": "#/components/parameters/with_count"
     },
     {
      "$ref": "#/components/parameters/all_tenants"
     },
     {
      "$ref": "#/components/parameters/name"
     },
     {
      "$ref": "#/components/parameters/status"
     },
     {
      "$ref": "#/components/parameters/volume_id_filter"
     }
    ],
    "tags": [
     "snapshots"
    ],
    "operationId": "getSnapshots"
   },
   "post": {
    "summary": "Create a snapshot of an available volume",
    "responses": {
     "202": {
      "description": "Accepted",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "snapshot": {
           "$ref": "#/components/schemas/Snapshot"
          }
         },
         "required": [
          "snapshot"
         ],
         "additionalProperties": false
        }
       }
      },
      "links": {
       "ToGetSnapshotsSnapshotId": {
        "operationId": "getSnapshotsSnapshotId",
        "parameters": {
         "snapshot_id": "$response.body#/snapshot/id"
        }
       },
       "ToPutSnapshotsSnapshotId": {
        "operationId": "putSnapshotsSnapshotId",
        "parameters": {
         "snapshot_id": "$response.body#/snapshot/id"
        }
       },
       "ToDeleteSnapshotsSnapshotId": {
        "operationId": "deleteSnapshotsSnapshotId",
        "parameters": {
         "snapshot_id": "$response.body#/snapshot/id"
        }
       },
       "ToPostSnapshotsSnapshotIdAction": {
        "operationId": "postSnapshotsSnapshotIdAction",
        "parameters": {
         "snapshot_id": "$response.body#/snapshot/id"
        }
       },
       "ToGetSnapshotsSnapshotIdMetadata": {
        "operationId": "getSnapshotsSnapshotIdMetadata",
        "parameters": {
         "snapshot_id": "$response.body#/snapshot/id"
        }
       },
       "ToPostSnapshotsSnapshotIdMetadata": {
        "operationId": "postSnapshotsSnapshotIdMetadata",
        "parameters": {
         "snapshot_id": "$response.body#/snapshot/id"
        }
       },
       "ToPutSnapshotsSnapshotIdMetadata": {
        "operationId": "putSnapshotsSnapshotIdMetadata",
        "parameters": {
         "snapshot_id": "$response.body#/snapshot/id"
        }
       },
       "ToGetSnapshotsSnapshotIdMetadataKey": {
        "operationId": "getSnapshotsSnapshotIdMetadataKey",
        "parameters": {
         "snapshot_id": "$response.body#/snapshot/id"
        }
       },
       "ToPutSnapshotsSnapshotIdMetadataKey": {
        "operationId": "putSnapshotsSnapshotIdMetadataKey",
        "parameters": {
         "snapshot_id": "$response.body#/snapshot/id"
        }
       },
       "ToDeleteSnapshotsSnapshotIdMetadataKey": {
        "operationId": "deleteSnapshotsSnapshotIdMetadataKey",
        "parameters": {
         "snapshot_id": "$response.body#/snapshot/id"
        }
       }
      }
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "properties": {
         "snapshot": {
          "type": "object",
          "properties": {
           "volume_id": {
            "type": "string"
           },
           "name": {
            "type": [
             "string",
             "null"
            ]
           },
           "description": {
            "type": [
             "string",
             "null"
            ]
           },
           "display_name": {
            "type": [
             "string",
             "null"
            ]
           },
           "display_description": {
            "type": [
             "string",
             "null"
            ]
           },
           "force": {
            "type": [
             "boolean",
             "string"
            ]
           },
           "metadata": {
            "$ref": "#/components/schemas/MetadataIn"
           }
          },
          "required": [
           "volume_id"
          ],
          "additionalProperties": false
         }
        },
        "required": [
         "snapshot"
        ],
        "additionalProperties": false
       }
      }
     }
    },
    "tags": [
     "snapshots"
    ],
    "operationId": "postSnapshots"
   }
  },
  "/snapshots/detail": {
   "get": {
    "summary": "List snapshots with details",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "snapshots": {
           "type": "array",
           "items": {
            "$ref": "#/components/schemas/Snapshot"
           }
          },
          "count": {
           "type": "integer"
          },
          "snapshots_links": {
           "type": "array",
           "items": {
            "$ref": "#/components/schemas/Link"
           }
          }
         },
         "required": [
          "snapshots"
         ]
        }
       }
      }
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/limit"
     },
     {
      "$ref": "#/components/parameters/marker"
     },
     {
      "$ref": "#/components/parameters/sort"
     },
     {
      "$ref": "#/components/parameters/sort_key"
     },
     {
      "$ref": "#/components/parameters/sort_dir"
     },
     {
      "$ref": "#/components/parameters/with_count"
     },
     {
      "$ref": "#/components/parameters/all_tenants"
     },
     {
      "$ref": "#/components/parameters/name"
     },
     {
      "$ref": "#/components/parameters/status"
     },
     {
      "$ref": "#/components/parameters/volume_id_filter"
     }
    ],
    "tags": [
     "snapshots"
    ],
    "operationId": "getSnapshotsDetail"
   }
  },
  "/snapshots/{snapshot_id}": {
   "get": {
    "summary": "Show a snapshot",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "snapshot": {
           "$ref": "#/components/schemas/Snapshot"
          }
         },
         "required": [
          "snapshot"
         ],
         "additionalProperties": false
        }
       }
      }
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/snapshot_id"
     }
    ],
    "tags": [
     "snapshots"
    ],
    "operationId": "getSnapshotsSnapshotId"
   },
   "put": {
    "summary": "Update a snapshot's name, description or metadata",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "snapshot": {
           "$ref": "#/components/schemas/Snapshot"
          }
         },
         "required": [
          "snapshot"
         ],
         "additionalProperties": false
        }
       }
      }
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/snapshot_id"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "properties": {
         "snapshot": {
          "type": "object",
          "properties": {
           "name": {
            "type": [
             "string",
             "null"
            ]
           },
           "description": {
            "type": [
             "string",
             "null"
            ]
           },
           "display_name": {
            "type": [
             "string",
             "null"
            ]
           },
           "display_description": {
            "type": [
             "string",
             "null"
            ]
           },
           "metadata": {
            "oneOf": [
             {
              "$ref": "#/components/schemas/MetadataIn"
             },
             {
              "type": "null"
             }
            ]
           }
          },
          "additionalProperties": false
         }
        },
        "required": [
         "snapshot"
        ],
        "additionalProperties": false
       }
      }
     }
    },
    "tags": [
     "snapshots"
    ],
    "operationId": "putSnapshotsSnapshotId"
   },
   "delete": {
    "summary": "Delete a snapshot",
    "responses": {
     "202": {
      "description": "Accepted; the work goes on asynchronously"
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/snapshot_id"
     }
    ],
    "tags": [
     "snapshots"
    ],
    "operationId": "deleteSnapshotsSnapshotId"
   }
  },
  "/snapshots/{snapshot_id}/action": {
   "post": {
    "summary": "Admin snapshot actions: os-reset_status, os-force_delete",
    "responses": {
     "202": {
      "description": "Accepted; the work goes on asynchronously"
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/snapshot_id"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "oneOf": [
         {
          "type": "object",
          "properties": {
           "os-reset_status": {
            "type": "object",
            "properties": {
             "status": {
              "type": "string"
             }
            },
            "required": [
             "status"
            ]
           }
          },
          "required": [
           "os-reset_status"
          ],
          "additionalProperties": false
         },
         {
          "type": "object",
          "properties": {
           "os-force_delete": {
            "type": [
             "object",
             "null"
            ]
           }
          },
          "required": [
           "os-force_delete"
          ],
          "additionalProperties": false
         }
        ]
       }
      }
     }
    },
    "tags": [
     "snapshots"
    ],
    "operationId": "postSnapshotsSnapshotIdAction"
   }
  },
  "/volumes/{volume_id}/metadata": {
   "get": {
    "summary": "Show the metadata of one of the volumes",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "metadata": {
           "$ref": "#/components/schemas/Metadata"
          }
         },
         "required": [
          "metadata"
         ],
         "additionalProperties": false
        }
       }
      },
      "headers": {
       "ETag": {
        "description": "The metadata's tag, for If-Match (volumes, 3.15)",
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/volume_id"
     }
    ],
    "tags": [
     "volumes"
    ],
    "operationId": "getVolumesVolumeIdMetadata"
   },
   "post": {
    "summary": "Add or change metadata keys",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "metadata": {
           "$ref": "#/components/schemas/Metadata"
          }
         },
         "required": [
          "metadata"
         ],
         "additionalProperties": false
        }
       }
      },
      "headers": {
       "ETag": {
        "description": "The metadata's tag, for If-Match (volumes, 3.15)",
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/volume_id"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "properties": {
         "metadata": {
          "$ref": "#/components/schemas/MetadataIn"
         }
        },
        "required": [
         "metadata"
        ],
        "additionalProperties": false
       }
      }
     }
    },
    "tags": [
     "volumes"
    ],
    "operationId": "postVolumesVolumeIdMetadata"
   },
   "put": {
    "summary": "Replace all metadata",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "metadata": {
           "$ref": "#/components/schemas/Metadata"
          }
         },
         "required": [
          "metadata"
         ],
         "additionalProperties": false
        }
       }
      },
      "headers": {
       "ETag": {
        "description": "The metadata's tag, for If-Match (volumes, 3.15)",
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/volume_id"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "properties": {
         "metadata": {
          "$ref": "#/components/schemas/MetadataIn"
         }
        },
        "required": [
         "metadata"
        ],
        "additionalProperties": false
       }
      }
     }
    },
    "tags": [
     "volumes"
    ],
    "operationId": "putVolumesVolumeIdMetadata"
   }
  },
  "/volumes/{volume_id}/metadata/{key}": {
   "get": {
    "summary": "Show one metadata key",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "meta": {
           "$ref": "#/components/schemas/Metadata"
          }
         },
         "required": [
          "meta"
         ],
         "additionalProperties": false
        }
       }
      }
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/volume_id"
     },
     {
      "$ref": "#/components/parameters/key"
     }
    ],
    "tags": [
     "volumes"
    ],
    "operationId": "getVolumesVolumeIdMetadataKey"
   },
   "put": {
    "summary": "Set one metadata key",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "meta": {
           "$ref": "#/components/schemas/Metadata"
          }
         },
         "required": [
          "meta"
         ],
         "additionalProperties": false
        }
       }
      }
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/volume_id"
     },
     {
      "$ref": "#/components/parameters/key"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "properties": {
         "meta": {
          "$ref": "#/components/schemas/MetadataIn"
         }
        },
        "required": [
         "meta"
        ],
        "additionalProperties": false
       }
      }
     }
    },
    "tags": [
     "volumes"
    ],
    "operationId": "putVolumesVolumeIdMetadataKey"
   },
   "delete": {
    "summary": "Delete one metadata key",
    "responses": {
     "200": {
      "description": "Deleted"
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/volume_id"
     },
     {
      "$ref": "#/components/parameters/key"
     }
    ],
    "tags": [
     "volumes"
    ],
    "operationId": "deleteVolumesVolumeIdMetadataKey"
   }
  },
  "/snapshots/{snapshot_id}/metadata": {
   "get": {
    "summary": "Show the metadata of one of the snapshots",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "metadata": {
           "$ref": "#/components/schemas/Metadata"
          }
         },
         "required": [
          "metadata"
         ],
         "additionalProperties": false
        }
       }
      }
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/snapshot_id"
     }
    ],
    "tags": [
     "snapshots"
    ],
    "operationId": "getSnapshotsSnapshotIdMetadata"
   },
   "post": {
    "summary": "Add or change metadata keys",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "metadata": {
           "$ref": "#/components/schemas/Metadata"
          }
         },
         "required": [
          "metadata"
         ],
         "additionalProperties": false
        }
       }
      }
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/snapshot_id"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "properties": {
         "metadata": {
          "$ref": "#/components/schemas/MetadataIn"
         }
        },
        "required": [
         "metadata"
        ],
        "additionalProperties": false
       }
      }
     }
    },
    "tags": [
     "snapshots"
    ],
    "operationId": "postSnapshotsSnapshotIdMetadata"
   },
   "put": {
    "summary": "Replace all metadata",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "metadata": {
           "$ref": "#/components/schemas/Metadata"
          }
         },
         "required": [
          "metadata"
         ],
         "additionalProperties": false
        }
       }
      }
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/snapshot_id"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "properties": {
         "metadata": {
          "$ref": "#/components/schemas/MetadataIn"
         }
        },
        "required": [
         "metadata"
        ],
        "additionalProperties": false
       }
      }
     }
    },
    "tags": [
     "snapshots"
    ],
    "operationId": "putSnapshotsSnapshotIdMetadata"
   }
  },
  "/snapshots/{snapshot_id}/metadata/{key}": {
   "get": {
    "summary": "Show one metadata key",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "meta": {
           "$ref": "#/components/schemas/Metadata"
          }
         },
         "required": [
          "meta"
         ],
         "additionalProperties": false
        }
       }
      }
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/snapshot_id"
     },
     {
      "$ref": "#/components/parameters/key"
     }
    ],
    "tags": [
     "snapshots"
    ],
    "operationId": "getSnapshotsSnapshotIdMetadataKey"
   },
   "put": {
    "summary": "Set one metadata key",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "meta": {
           "$ref": "#/components/schemas/Metadata"
          }
         },
         "required": [
          "meta"
         ],
         "additionalProperties": false
        }
       }
      }
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/snapshot_id"
     },
     {
      "$ref": "#/components/parameters/key"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "properties": {
         "meta": {
          "$ref": "#/components/schemas/MetadataIn"
         }
        },
        "required": [
         "meta"
        ],
        "additionalProperties": false
       }
      }
     }
    },
    "tags": [
     "snapshots"
    ],
    "operationId": "putSnapshotsSnapshotIdMetadataKey"
   },
   "delete": {
    "summary": "Delete one metadata key",
    "responses": {
     "200": {
      "description": "Deleted"
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/snapshot_id"
     },
     {
      "$ref": "#/components/parameters/key"
     }
    ],
    "tags": [
     "snapshots"
    ],
    "operationId": "deleteSnapshotsSnapshotIdMetadataKey"
   }
  },
  "/attachments": {
   "get": {
    "summary": "List attachments (3.27)",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "attachments": {
           "type": "array",
           "items": {
            "$ref": "#/components/schemas/Attachment"
           }
          }
         },
         "required": [
          "attachments"
         ],
         "additionalProperties": false
        }
       }
      }
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/all_tenants"
     },
     {
      "$ref": "#/components/parameters/volume_id_filter"
     }
    ],
    "tags": [
     "attachments"
    ],
    "operationId": "getAttachments"
   },
   "post": {
    "summary": "Reserve a volume for a host; with a connector, export it and answer connection_info (3.27; mode 3.54)",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "attachment": {
           "$ref": "#/components/schemas/Attachment"
          }
         },
         "required": [
          "attachment"
         ],
         "additionalProperties": false
        }
       }
      },
      "links": {
       "ToGetAttachmentsAttachmentId": {
        "operationId": "getAttachmentsAttachmentId",
        "parameters": {
         "attachment_id": "$response.body#/attachment/id"
        }
       },
       "ToPutAttachmentsAttachmentId": {
        "operationId": "putAttachmentsAttachmentId",
        "parameters": {
         "attachment_id": "$response.body#/attachment/id"
        }
       },
       "ToDeleteAttachmentsAttachmentId": {
        "operationId": "deleteAttachmentsAttachmentId",
        "parameters": {
         "attachment_id": "$response.body#/attachment/id"
        }
       },
       "ToPostAttachmentsAttachmentIdAction": {
        "operationId": "postAttachmentsAttachmentIdAction",
        "parameters": {
         "attachment_id": "$response.body#/attachment/id"
        }
       }
      }
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "properties": {
         "attachment": {
          "type": "object",
          "properties": {
           "volume_uuid": {
            "type": "string"
           },
           "instance_uuid": {
            "type": [
             "string",
             "null"
            ]
           },
           "connector": {
            "oneOf": [
             {
              "$ref": "#/components/schemas/Connector"
             },
             {
              "type": "null"
             }
            ]
           },
           "mode": {
            "type": "string",
            "enum": [
             "rw",
             "ro"
            ]
           }
          },
          "required": [
           "volume_uuid"
          ],
          "additionalProperties": false
         }
        },
        "required": [
         "attachment"
        ],
        "additionalProperties": false
       }
      }
     }
    },
    "tags": [
     "attachments"
    ],
    "operationId": "postAttachments"
   }
  },
  "/attachments/detail": {
   "get": {
    "summary": "List attachments with details",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "attachments": {
           "type": "array",
           "items": {
            "$ref": "#/components/schemas/Attachment"
           }
          }
         },
         "required": [
          "attachments"
         ],
         "additionalProperties": false
        }
       }
      }
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/all_tenants"
     },
     {
      "$ref": "#/components/parameters/volume_id_filter"
     }
    ],
    "tags": [
     "attachments"
    ],
    "operationId": "getAttachmentsDetail"
   }
  },
  "/attachments/{attachment_id}": {
   "get": {
    "summary": "Show an attachment",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "attachment": {
           "$ref": "#/components/schemas/Attachment"
          }
         },
         "required": [
          "attachment"
         ],
         "additionalProperties": false
        }
       }
      }
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/attachment_id"
     }
    ],
    "tags": [
     "attachments"
    ],
    "operationId": "getAttachmentsAttachmentId"
   },
   "put": {
    "summary": "Export the volume for a connector; answers connection_info",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "attachment": {
           "$ref": "#/components/schemas/Attachment"
          }
         },
         "required": [
          "attachment"
         ],
         "additionalProperties": false
        }
       }
      }
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/attachment_id"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "properties": {
         "attachment": {
          "type": "object",
          "properties": {
           "connector": {
            "$ref": "#/components/schemas/Connector"
           }
          },
          "required": [
           "connector"
          ],
          "additionalProperties": false
         }
        },
        "required": [
         "attachment"
        ],
        "additionalProperties": false
       }
      }
     }
    },
    "tags": [
     "attachments"
    ],
    "operationId": "putAttachmentsAttachmentId"
   },
   "delete": {
    "summary": "Detach: the export goes with the volume's last attachment",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "attachments": {
           "type": "array",
           "items": {
            "$ref": "#/components/schemas/Attachment"
           }
          }
         },
         "required": [
          "attachments"
         ],
         "additionalProperties": false
        }
       }
      }
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/attachment_id"
     }
    ],
    "tags": [
     "attachments"
    ],
    "operationId": "deleteAttachmentsAttachmentId"
   }
  },
  "/attachments/{attachment_id}/action": {
   "post": {
    "summary": "os-complete (3.44): the host is connected; the volume is in-use",
    "responses": {
     "204": {
      "description": "Completed"
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/attachment_id"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "properties": {
         "os-complete": {
          "type": [
           "object",
           "null"
          ]
         }
        },
        "required": [
         "os-complete"
        ],
        "additionalProperties": false
       }
      }
     }
    },
    "tags": [
     "attachments"
    ],
    "operationId": "postAttachmentsAttachmentIdAction"
   }
  },
  "/types": {
   "get": {
    "summary": "List the volume types the caller may see",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "volume_types": {
           "type": "array",
           "items": {
            "$ref": "#/components/schemas/VolumeType"
           }
          }
         },
         "required": [
          "volume_types"
         ],
         "additionalProperties": false
        }
       }
      }
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/is_public"
     },
     {
      "$ref": "#/components/parameters/extra_specs"
     }
    ],
    "tags": [
     "types"
    ],
    "operationId": "getTypes"
   },
   "post": {
    "summary": "Create a volume type (admin)",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "volume_type": {
           "$ref": "#/components/schemas/VolumeType"
          }
         },
         "required": [
          "volume_type"
         ],
         "additionalProperties": false
        }
       }
      },
      "links": {
       "ToGetTypesTypeId": {
        "operationId": "getTypesTypeId",
        "parameters": {
         "type_id": "$response.body#/volume_type/id"
        }
       },
       "ToPutTypesTypeId": {
        "operationId": "putTypesTypeId",
        "parameters": {
         "type_id": "$response.body#/volume_type/id"
        }
       },
       "ToDeleteTypesTypeId": {
        "operationId": "deleteTypesTypeId",
        "parameters": {
         "type_id": "$response.body#/volume_type/id"
        }
       },
       "ToPostTypesTypeIdAction": {
        "operationId": "postTypesTypeIdAction",
        "parameters": {
         "type_id": "$response.body#/volume_type/id"
        }
       },
       "ToGetTypesTypeIdOsVolumeTypeAccess": {
        "operationId": "getTypesTypeIdOsVolumeTypeAccess",
        "parameters": {
         "type_id": "$response.body#/volume_type/id"
        }
       },
       "ToGetTypesTypeIdExtraSpecs": {
        "operationId": "getTypesTypeIdExtraSpecs",
        "parameters": {
         "type_id": "$response.body#/volume_type/id"
        }
       },
       "ToPostTypesTypeIdExtraSpecs": {
        "operationId": "postTypesTypeIdExtraSpecs",
        "parameters": {
         "type_id": "$response.body#/volume_type/id"
        }
       },
       "ToGetTypesTypeIdExtraSpecsKey": {
        "operationId": "getTypesTypeIdExtraSpecsKey",
        "parameters": {
         "type_id": "$response.body#/volume_type/id"
        }
       },
       "ToPutTypesTypeIdExtraSpecsKey": {
        "operationId": "putTypesTypeIdExtraSpecsKey",
        "parameters": {
         "type_id": "$response.body#/volume_type/id"
        }
       },
       "ToDeleteTypesTypeIdExtraSpecsKey": {
        "operationId": "deleteTypesTypeIdExtraSpecsKey",
        "parameters": {
         "type_id": "$response.body#/volume_type/id"
        }
       }
      }
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "properties": {
         "volume_type": {
          "type": "object",
          "properties": {
           "name": {
            "type": "string",
            "maxLength": 255
           },
           "description": {
            "type": [
             "string",
             "null"
            ]
           },
           "os-volume-type-access:is_public": {
            "type": "boolean"
           },
           "is_public": {
            "type": "boolean"
           },
           "extra_specs": {
            "$ref": "#/components/schemas/MetadataIn"
           }
          },
          "additionalProperties": false
         }
        },
        "required": [
         "volume_type"
        ],
        "additionalProperties": false
       }
      }
     }
    },
    "tags": [
     "types"
    ],
    "operationId": "postTypes"
   }
  },
  "/types/default": {
   "get": {
    "summary": "Show the default volume type",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "volume_type": {
           "$ref": "#/components/schemas/VolumeType"
          }
         },
         "required": [
          "volume_type"
         ],
         "additionalProperties": false
        }
       }
      }
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "tags": [
     "types"
    ],
    "operationId": "getTypesDefault"
   }
  },
  "/types/{type_id}": {
   "get": {
    "summary": "Show a volume type",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "volume_type": {
           "$ref": "#/components/schemas/VolumeType"
          }
         },
         "required": [
          "volume_type"
         ],
         "additionalProperties": false
        }
       }
      }
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/type_id"
     }
    ],
    "tags": [
     "types"
    ],
    "operationId": "getTypesTypeId"
   },
   "put": {
    "summary": "Update a volume type (admin)",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "volume_type": {
           "$ref": "#/components/schemas/VolumeType"
          }
         },
         "required": [
          "volume_type"
         ],
         "additionalProperties": false
        }
       }
      }
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/type_id"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "properties": {
         "volume_type": {
          "type": "object",
          "properties": {
           "name": {
            "type": "string",
            "maxLength": 255
           },
           "description": {
            "type": [
             "string",
             "null"
            ]
           },
           "os-volume-type-access:is_public": {
            "type": "boolean"
           },
           "is_public": {
            "type": "boolean"
           },
           "extra_specs": {
            "$ref": "#/components/schemas/MetadataIn"
           }
          },
          "additionalProperties": false
         }
        },
        "required": [
         "volume_type"
        ],
        "additionalProperties": false
       }
      }
     }
    },
    "tags": [
     "types"
    ],
    "operationId": "putTypesTypeId"
   },
   "delete": {
    "summary": "Delete a volume type no volume uses (admin)",
    "responses": {
     "202": {
      "description": "Accepted; the work goes on asynchronously"
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/type_id"
     }
    ],
    "tags": [
     "types"
    ],
    "operationId": "deleteTypesTypeId"
   }
  },
  "/types/{type_id}/action": {
   "post": {
    "summary": "Share a private type with a project, or stop (admin)",
    "responses": {
     "202": {
      "description": "Accepted; the work goes on asynchronously"
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/type_id"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "oneOf": [
         {
          "type": "object",
          "properties": {
           "addProjectAccess": {
            "type": "object",
            "properties": {
             "project": {
              "type": "string",
              "minLength": 1
             }
            },
            "required": [
             "project"
            ]
           }
          },
          "required": [
           "addProjectAccess"
          ],
          "additionalProperties": false
         },
         {
          "type": "object",
          "properties": {
           "removeProjectAccess": {
            "type": "object",
            "properties": {
             "project": {
              "type": "string",
              "minLength": 1
             }
            },
            "required": [
             "project"
            ]
           }
          },
          "required": [
           "removeProjectAccess"
          ],
          "additionalProperties": false
         }
        ]
       }
      }
     }
    },
    "tags": [
     "types"
    ],
    "operationId": "postTypesTypeIdAction"
   }
  },
  "/types/{type_id}/os-volume-type-access": {
   "get": {
    "summary": "The projects a private type is shared with (admin)",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "volume_type_access": {
           "type": "array",
           "items": {
            "type": "object",
            "properties": {
             "volume_type_id": {
              "type": "string"
             },
             "project_id": {
              "type": "string"
             }
            },
            "required": [
             "volume_type_id",
             "project_id"
            ]
           }
          }
         },
         "required": [
          "volume_type_access"
         ],
         "additionalProperties": false
        }
       }
      }
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/type_id"
     }
    ],
    "tags": [
     "types"
    ],
    "operationId": "getTypesTypeIdOsVolumeTypeAccess"
   }
  },
  "/types/{type_id}/extra_specs": {
   "get": {
    "summary": "Show a type's extra specs",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "extra_specs": {
           "$ref": "#/components/schemas/Metadata"
          }
         },
         "required": [
          "extra_specs"
         ],
         "additionalProperties": false
        }
       }
      }
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/type_id"
     }
    ],
    "tags": [
     "types"
    ],
    "operationId": "getTypesTypeIdExtraSpecs"
   },
   "post": {
    "summary": "Set extra specs (admin)",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "extra_specs": {
           "$ref": "#/components/schemas/Metadata"
          }
         },
         "required": [
          "extra_specs"
         ],
         "additionalProperties": false
        }
       }
      }
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/type_id"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "properties": {
         "extra_specs": {
          "$ref": "#/components/schemas/MetadataIn"
         }
        },
        "required": [
         "extra_specs"
        ],
        "additionalProperties": false
       }
      }
     }
    },
    "tags": [
     "types"
    ],
    "operationId": "postTypesTypeIdExtraSpecs"
   }
  },
  "/types/{type_id}/extra_specs/{key}": {
   "get": {
    "summary": "Show one extra spec",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Metadata"
        }
       }
      }
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/type_id"
     },
     {
      "$ref": "#/components/parameters/key"
     }
    ],
    "tags": [
     "types"
    ],
    "operationId": "getTypesTypeIdExtraSpecsKey"
   },
   "put": {
    "summary": "Set one extra spec (admin)",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Metadata"
        }
       }
      }
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/type_id"
     },
     {
      "$ref": "#/components/parameters/key"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/MetadataIn"
       }
      }
     }
    },
    "tags": [
     "types"
    ],
    "operationId": "putTypesTypeIdExtraSpecsKey"
   },
   "delete": {
    "summary": "Delete one extra spec (admin)",
    "responses": {
     "202": {
      "description": "Accepted; the work goes on asynchronously"
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/type_id"
     },
     {
      "$ref": "#/components/parameters/key"
     }
    ],
    "tags": [
     "types"
    ],
    "operationId": "deleteTypesTypeIdExtraSpecsKey"
   }
  },
  "/os-quota-sets/{target_id}": {
   "get": {
    "summary": "Show a project's quotas (its own, or any for an admin)",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "quota_set": {
           "$ref": "#/components/schemas/QuotaSet"
          }
         },
         "required": [
          "quota_set"
         ],
         "additionalProperties": false
        }
       }
      }
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/target_id"
     },
     {
      "$ref": "#/components/parameters/usage"
     }
    ],
    "tags": [
     "quotas"
    ],
    "operationId": "getOsQuotaSetsTargetId"
   },
   "put": {
    "summary": "Update a project's quotas (admin)",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "quota_set": {
           "$ref": "#/components/schemas/QuotaSet"
          }
         },
         "required": [
          "quota_set"
         ],
         "additionalProperties": false
        }
       }
      }
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/target_id"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "properties": {
         "quota_set": {
          "type": "object",
          "additionalProperties": {
           "type": [
            "integer",
            "string"
           ]
          }
         }
        },
        "required": [
         "quota_set"
        ],
        "additionalProperties": false
       }
      }
     }
    },
    "tags": [
     "quotas"
    ],
    "operationId": "putOsQuotaSetsTargetId"
   },
   "delete": {
    "summary": "Reset a project's quotas to the defaults (admin)",
    "responses": {
     "200": {
      "description": "Reset"
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/target_id"
     }
    ],
    "tags": [
     "quotas"
    ],
    "operationId": "deleteOsQuotaSetsTargetId"
   }
  },
  "/os-quota-sets/{target_id}/defaults": {
   "get": {
    "summary": "Show the default quotas",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "quota_set": {
           "$ref": "#/components/schemas/QuotaSet"
          }
         },
         "required": [
          "quota_set"
         ],
         "additionalProperties": false
        }
       }
      }
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/target_id"
     }
    ],
    "tags": [
     "quotas"
    ],
    "operationId": "getOsQuotaSetsTargetIdDefaults"
   }
  },
  "/limits": {
   "get": {
    "summary": "Show the caller's absolute limits and usage",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "limits": {
           "type": "object",
           "properties": {
            "rate": {
             "type": "array"
            },
            "absolute": {
             "type": "object",
             "additionalProperties": {
              "type": "integer"
             }
            }
           },
           "required": [
            "rate",
            "absolute"
           ]
          }
         },
         "required": [
          "limits"
         ],
         "additionalProperties": false
        }
       }
      }
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/project_id"
     }
    ],
    "tags": [
     "quotas"
    ],
    "operationId": "getLimits"
   }
  },
  "/os-availability-zone": {
   "get": {
    "summary": "List availability zones",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "availabilityZoneInfo": {
           "type": "array",
           "items": {
            "type": "object",
            "properties": {
             "zoneName": {
              "type": "string"
             },
             "zoneState": {
              "type": "object",
              "properties": {
               "available": {
                "type": "boolean"
               }
              },
              "required": [
               "available"
              ]
             }
            },
            "required": [
             "zoneName",
             "zoneState"
            ]
           }
          }
         },
         "required": [
          "availabilityZoneInfo"
         ],
         "additionalProperties": false
        }
       }
      }
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "tags": [
     "services"
    ],
    "operationId": "getOsAvailabilityZone"
   }
  },
  "/os-services": {
   "get": {
    "summary": "List services (admin)",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "services": {
           "type": "array",
           "items": {
            "$ref": "#/components/schemas/Service"
           }
          }
         },
         "required": [
          "services"
         ],
         "additionalProperties": false
        }
       }
      }
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/host"
     },
     {
      "$ref": "#/components/parameters/binary"
     }
    ],
    "tags": [
     "services"
    ],
    "operationId": "getOsServices"
   }
  },
  "/scheduler-stats/get_pools": {
   "get": {
    "summary": "List the scheduler's pools (admin)",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "pools": {
           "type": "array",
           "items": {
            "type": "object",
            "properties": {
             "name": {
              "type": "string"
             }
            },
            "required": [
             "name"
            ]
           }
          }
         },
         "required": [
          "pools"
         ],
         "additionalProperties": false
        }
       }
      }
     },
     "4XX": {
      "$ref": "#/components/responses/Fault"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/detail"
     }
    ],
    "tags": [
     "services"
    ],
    "operationId": "getSchedulerStatsGetPools"
   }
  }
 },
 "components": {
  "schemas": {
   "Fault": {
    "type": "object",
    "minProperties": 1,
    "maxProperties": 1,
    "additionalProperties": {
     "type": "object",
     "properties": {
      "code": {
       "type": "integer"
      },
      "message": {
       "type": "string"
      }
     },
     "required": [
      "code",
      "message"
     ]
    },
    "description": "Cinder's fault body: {\"itemNotFound\": {\"code\": 404, \"message\": \"...\"}}"
   },
   "Link": {
    "type": "object",
    "properties": {
     "href": {
      "type": "string"
     },
     "rel": {
      "type": "string"
     }
    },
    "required": [
     "href",
     "rel"
    ]
   },
   "Metadata": {
    "type": "object",
    "additionalProperties": {
     "type": "string",
     "maxLength": 255
    }
   },
   "MetadataIn": {
    "type": "object",
    "additionalProperties": {
     "type": "string",
     "maxLength": 255
    },
    "propertyNames": {
     "minLength": 1,
     "maxLength": 255
    }
   },
   "VolumeSummary": {
    "type": "object",
    "properties": {
     "id": {
      "type": "string"
     },
     "name": {
      "type": [
       "string",
       "null"
      ]
     },
     "links": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Link"
      }
     }
    },
    "required": [
     "id",
     "name",
     "links"
    ]
   },
   "Volume": {
    "type": "object",
    "properties": {
     "id": {
      "type": "string"
     },
     "name": {
      "type": [
       "string",
       "null"
      ]
     },
     "description": {
      "type": [
       "string",
       "null"
      ]
     },
     "status": {
      "type": "string"
     },
     "size": {
      "type": "integer",
      "minimum": 1
     },
     "availability_zone": {
      "type": "string"
     },
     "created_at": {
      "type": "string"
     },
     "updated_at": {
      "type": [
       "string",
       "null"
      ]
     },
     "volume_type": {
      "type": [
       "string",
       "null"
      ]
     },
     "snapshot_id": {
      "type": [
       "string",
       "null"
      ]
     },
     "source_volid": {
      "type": [
       "string",
       "null"
      ]
     },
     "metadata": {
      "$ref": "#/components/schemas/Metadata"
     },
     "links": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Link"
      }
     },
     "user_id": {
      "type": "string"
     },
     "bootable": {
      "type": "string",
      "enum": [
       "true",
       "false"
      ]
     },
     "encrypted": {
      "type": "boolean"
     },
     "replication_status": {
      "type": [
       "string",
       "null"
      ]
     },
     "consistencygroup_id": {
      "type": [
       "string",
       "null"
      ]
     },
     "multiattach": {
      "type": "boolean"
     },
     "attachments": {
      "type": "array"
     },
     "os-vol-tenant-attr:tenant_id": {
      "type": "string"
     },
     "os-vol-host-attr:host": {
      "type": [
       "string",
       "null"
      ]
     },
     "os-vol-mig-status-attr:migstat": {
      "type": [
       "string",
       "null"
      ]
     },
     "os-vol-mig-status-attr:name_id": {
      "type": [
       "string",
       "null"
      ]
     },
     "group_id": {
      "type": [
       "string",
       "null"
      ]
     },
     "provider_id": {
      "type": [
       "string",
       "null"
      ]
     },
     "shared_targets": {
      "type": "boolean"
     },
     "service_uuid": {
      "type": [
       "string",
       "null"
      ]
     }
    },
    "required": [
     "id",
     "name",
     "status",
     "size",
     "availability_zone",
     "created_at",
     "metadata",
     "links",
     "bootable",
     "multiattach",
     "attachments"
    ]
   },
   "Snapshot": {
    "type": "object",
    "properties": {
     "id": {
      "type": "string"
     },
     "created_at": {
      "type": "string"
     },
     "updated_at": {
      "type": [
       "string",
       "null"
      ]
     },
     "name": {
      "type": [
       "string",
       "null"
      ]
     },
     "description": {
      "type": [
       "string",
       "null"
      ]
     },
     "volume_id": {
      "type": "string"
     },
     "status": {
      "type": "string"
     },
     "size": {
      "type": "integer",
      "minimum": 1
     },
     "metadata": {
      "$ref": "#/components/schemas/Metadata"
     },
     "os-extended-snapshot-attributes:progress": {
      "type": "string"
     },
     "os-extended-snapshot-attributes:project_id": {
      "type": "string"
     },
     "group_snapshot_id": {
      "type": [
       "string",
       "null"
      ]
     },
     "user_id": {
      "type": "string"
     }
    },
    "required": [
     "id",
     "created_at",
     "name",
     "volume_id",
     "status",
     "size",
     "metadata"
    ]
   },
   "VolumeType": {
    "type": "object",
    "properties": {
     "id": {
      "type": "string"
     },
     "name": {
      "type": "string"
     },
     "description": {
      "type": [
       "string",
       "null"
      ]
     },
     "is_public": {
      "type": "boolean"
     },
     "os-volume-type-access:is_public": {
      "type": "boolean"
     },
     "extra_specs": {
      "$ref": "#/components/schemas/Metadata"
     },
     "qos_specs_id": {
      "type": [
       "string",
       "null"
      ]
     }
    },
    "required": [
     "id",
     "name",
     "is_public",
     "extra_specs"
    ]
   },
   "QuotaUsage": {
    "type": "object",
    "properties": {
     "limit": {
      "type": "integer"
     },
     "in_use": {
      "type": "integer"
     },
     "reserved": {
      "type": "integer"
     },
     "allocated": {
      "type": "integer"
     }
    },
    "required": [
     "limit",
     "in_use"
    ]
   },
   "QuotaSet": {
    "type": "object",
    "properties": {
     "id": {
      "type": "string"
     }
    },
    "additionalProperties": {
     "oneOf": [
      {
       "type": "integer"
      },
      {
       "$ref": "#/components/schemas/QuotaUsage"
      }
     ]
    }
   },
   "Connector": {
    "type": "object",
    "properties": {
     "initiator": {
      "type": "string"
     },
     "ip": {
      "type": "string"
     },
     "host": {
      "type": "string"
     }
    }
   },
   "ConnectionInfo": {
    "type": "object",
    "properties": {
     "driver_volume_type": {
      "type": "string",
      "enum": [
       "iscsi"
      ]
     },
     "data": {
      "type": "object",
      "properties": {
       "target_iqn": {
        "type": "string"
       },
       "target_portal": {
        "type": "string"
       },
       "target_portals": {
        "type": "array",
        "items": {
         "type": "string"
        }
       },
       "target_iqns": {
        "type": "array",
        "items": {
         "type": "string"
        }
       },
       "target_luns": {
        "type": "array",
        "items": {
         "type": "integer"
        }
       },
       "target_lun": {
        "type": "integer"
       },
       "target_discovered": {
        "type": "boolean"
       },
       "auth_method": {
        "type": "string",
        "enum": [
         "CHAP"
        ]
       },
       "auth_username": {
        "type": "string"
       },
       "auth_password": {
        "type": "string"
       },
       "volume_id": {
        "type": "string"
       },
       "access_mode": {
        "type": "string",
        "enum": [
         "rw",
         "ro"
        ]
       },
       "encrypted": {
        "type": "boolean"
       }
      },
      "required": [
       "target_iqn",
       "target_portal",
       "target_lun",
       "auth_method",
       "auth_username",
       "auth_password",
       "volume_id",
       "access_mode"
      ]
     }
    },
    "required": [
     "driver_volume_type",
     "data"
    ]
   },
   "Attachment": {
    "type": "object",
    "properties": {
     "id": {
      "type": "string"
     },
     "status": {
      "type": "string"
     },
     "instance": {
      "type": [
       "string",
       "null"
      ]
     },
     "volume_id": {
      "type": "string"
     },
     "attached_at": {
      "type": [
       "string",
       "null"
      ]
     },
     "detached_at": {
      "type": [
       "string",
       "null"
      ]
     },
     "attach_mode": {
      "type": "string"
     },
     "connection_info": {
      "oneOf": [
       {
        "$ref": "#/components/schemas/ConnectionInfo"
       },
       {
        "type": "null"
       }
      ]
     }
    },
    "required": [
     "id",
     "status",
     "instance",
     "volume_id"
    ]
   },
   "Service": {
    "type": "object",
    "properties": {
     "binary": {
      "type": "string"
     },
     "host": {
      "type": "string"
     },
     "zone": {
      "type": "string"
     },
     "status": {
      "type": "string",
      "enum": [
       "enabled",
       "disabled"
      ]
     },
     "state": {
      "type": "string",
      "enum": [
       "up",
       "down"
      ]
     },
     "updated_at": {
      "type": [
       "string",
       "null"
      ]
     },
     "disabled_reason": {
      "type": [
       "string",
       "null"
      ]
     },
     "replication_status": {
      "type": "string"
     },
     "active_backend_id": {
      "type": [
       "string",
       "null"
      ]
     },
     "frozen": {
      "type": "boolean"
     },
     "cluster": {
      "type": [
       "string",
       "null"
      ]
     },
     "backend_state": {
      "type": "string"
     }
    },
    "required": [
     "binary",
     "host",
     "zone",
     "status",
     "state",
     "updated_at"
    ]
   }
  },
  "parameters": {
   "volume_id": {
    "name": "volume_id",
    "in": "path",
    "required": true,
    "schema": {
     "type": "string"
    }
   },
   "snapshot_id": {
    "name": "snapshot_id",
    "in": "path",
    "required": true,
    "schema": {
     "type": "string"
    }
   },
   "type_id": {
    "name": "type_id",
    "in": "path",
    "required": true,
    "schema": {
     "type": "string"
    }
   },
   "target_id": {
    "name": "target_id",
    "in": "path",
    "required": true,
    "schema": {
     "type": "string"
    }
   },
   "key": {
    "name": "key",
    "in": "path",
    "required": true,
    "schema": {
     "type": "string"
    }
   },
   "attachment_id": {
    "name": "attachment_id",
    "in": "path",
    "required": true,
    "schema": {
     "type": "string"
    }
   },
   "limit": {
    "name": "limit",
    "in": "query",
    "required": false,
    "schema": {
     "type": "integer",
     "minimum": 0
    }
   },
   "marker": {
    "name": "marker",
    "in": "query",
    "required": false,
    "schema": {
     "type": "string"
    }
   },
   "sort": {
    "name": "sort",
    "in": "query",
    "required": false,
    "schema": {
     "type": "string"
    },
    "description": "key[:asc|desc] pairs, comma-separated"
   },
   "sort_key": {
    "name": "sort_key",
    "in": "query",
    "required": false,
    "schema": {
     "type": "string"
    }
   },
   "sort_dir": {
    "name": "sort_dir",
    "in": "query",
    "required": false,
    "schema": {
     "type": "string",
     "enum": [
      "asc",
      "desc"
     ]
    }
   },
   "with_count": {
    "name": "with_count",
    "in": "query",
    "required": false,
    "schema": {
     "type": "boolean"
    }
   },
   "all_tenants": {
    "name": "all_tenants",
    "in": "query",
    "required": false,
    "schema": {
     "type": "string"
    }
   },
   "name": {
    "name": "name",
    "in": "query",
    "required": false,
    "schema": {
     "type": "string"
    }
   },
   "status": {
    "name": "status",
    "in": "query",
    "required": false,
    "schema": {
     "type": "string"
    }
   },
   "volume_id_filter": {
    "name": "volume_id",
    "in": "query",
    "required": false,
    "schema": {
     "type": "string"
    }
   },
   "cascade": {
    "name": "cascade",
    "in": "query",
    "required": false,
    "schema": {
     "type": "boolean"
    }
   },
   "is_public": {
    "name": "is_public",
    "in": "query",
    "required": false,
    "schema": {
     "type": "string"
    }
   },
   "usage": {
    "name": "usage",
    "in": "query",
    "required": false,
    "schema": {
     "type": "string"
    }
   },
   "force": {
    "name": "force",
    "in": "query",
    "required": false,
    "schema": {
     "type": "boolean"
    }
   },
   "resource": {
    "name": "resource",
    "in": "query",
    "required": false,
    "schema": {
     "type": "string"
    }
   },
   "extra_specs": {
    "name": "extra_specs",
    "in": "query",
    "required": false,
    "schema": {
     "type": "string"
    },
    "description": "a JSON map the types' extra specs must contain (3.52)"
   },
   "project_id": {
    "name": "project_id",
    "in": "query",
    "required": false,
    "schema": {
     "type": "string"
    },
    "description": "another project's limits, for admins (3.39)"
   },
   "host": {
    "name": "host",
    "in": "query",
    "required": false,
    "schema": {
     "type": "string"
    }
   },
   "binary": {
    "name": "binary",
    "in": "query",
    "required": false,
    "schema": {
     "type": "string"
    }
   },
   "detail": {
    "name": "detail",
    "in": "query",
    "required": false,
    "schema": {
     "type": "string"
    }
   }
  },
  "responses": {
   "Fault": {
    "description": "A Cinder fault",
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Fault"
      }
     }
    }
   }
  },
  "securitySchemes": {
   "token": {
    "type": "apiKey",
    "in": "header",
    "name": "X-Auth-Token"
   }
  }
 }
}
"""#
}
